// Live system figures of this instance: sockets, rooms, messages.
import { z } from "zod";
import { getHub } from "../../realtime/hub.ts";
import { instanceId } from "../../realtime/instance.ts";
import { wsStats } from "../../realtime/ws-stats.ts";
import { roleProcedure, router } from "../init.ts";

const staffOnly = roleProcedure("read system figures", ["ADMIN", "RECEPTIONIST", "DOCTOR"]);

export const systemRouter = router({
  wsStats: staffOnly
    .meta({
      openapi: { method: "GET", path: "/appointments/websocket/stats", tags: ["system"], protect: true },
    })
    .input(z.object({}).optional())
    .output(
      z.object({
        connections: z.number(),
        connectionsOpened: z.number(),
        connectionsRefused: z.number(),
        errors: z.number(),
        rooms: z.array(
          z.object({ topic: z.string(), subscribers: z.number(), version: z.number().nullable() }),
        ),
        boardSubscribers: z.number(),
        messagesSent: z.number(),
        uptimeSeconds: z.number(),
        instanceId: z.string(),
      }),
    )
    .query(() => {
      const ws = wsStats();
      const hub = getHub().stats();
      return {
        connections: ws.open,
        connectionsOpened: ws.opened,
        connectionsRefused: ws.refused,
        errors: ws.errors,
        rooms: hub.rooms,
        boardSubscribers: hub.hospitalSubscribers,
        messagesSent: hub.messages,
        uptimeSeconds: Math.round((Date.now() - ws.startedAt) / 1000),
        instanceId,
      };
    }),
});
