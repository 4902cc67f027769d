// Live system figures of this instance: sockets, rooms, messages.
import { getHub } from "../../realtime/hub.ts";
import { instanceId } from "../../realtime/instance.ts";
import { wsStats } from "../../realtime/ws-stats.ts";
import { roleProcedure, router } from "../init.ts";

const staffOnly = roleProcedure("read system figures", ["ADMIN", "RECEPTIONIST", "DOCTOR"]);

export const systemRouter = router({
  wsStats: staffOnly.query(() => {
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
