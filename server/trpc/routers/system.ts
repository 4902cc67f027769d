// Live system figures of this instance, for ADMINs only (the engineering figures of the statistics
// page's System tab; reception and doctors are refused with 403). Scoped like everything a staff member
// reads: the rooms (a topic is `<hospitalId>/<queueDayId>`), their listeners, the board listeners and
// the messages are the caller's hospital's only. The socket counts cannot be split by hospital (a
// patient's socket belongs to none until it subscribes): they are figures of the whole instance, for
// the admin who runs the deployment.
import { z } from "zod";
import { getHub } from "../../realtime/hub.ts";
import { instanceId } from "../../realtime/instance.ts";
import { wsStats } from "../../realtime/ws-stats.ts";
import { roleProcedure, router } from "../init.ts";

const adminOnly = roleProcedure("read system figures", ["ADMIN"], "admin");

export const systemRouter = router({
  wsStats: adminOnly
    .meta({
      openapi: { method: "GET", path: "/appointments/websocket/stats", tags: ["system"], protect: true },
    })
    .input(z.object({}).optional())
    .output(
      z.object({
        connections: z.number().nullable(),
        connectionsOpened: z.number().nullable(),
        connectionsRefused: z.number().nullable(),
        errors: z.number().nullable(),
        rooms: z.array(
          z.object({ topic: z.string(), subscribers: z.number(), version: z.number().nullable() }),
        ),
        boardSubscribers: z.number(),
        messagesSent: z.number(),
        uptimeSeconds: z.number(),
        instanceId: z.string(),
      }),
    )
    .query(({ ctx }) => {
      const ws = wsStats();
      const hub = getHub().stats(ctx.staff.hospitalId);
      const instanceWide = ctx.staff.role === "ADMIN";
      return {
        connections: instanceWide ? ws.open : null,
        connectionsOpened: instanceWide ? ws.opened : null,
        connectionsRefused: instanceWide ? ws.refused : null,
        errors: instanceWide ? ws.errors : null,
        rooms: hub.rooms,
        boardSubscribers: hub.hospitalSubscribers,
        messagesSent: hub.messages,
        uptimeSeconds: Math.round((Date.now() - ws.startedAt) / 1000),
        instanceId,
      };
    }),
});
