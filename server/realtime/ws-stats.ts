// WebSocket figures of this instance (for /api/appointments/websocket/stats and /metrics).
const g = globalThis as unknown as { __pqWsStats?: WsStats };

export type WsStats = {
  startedAt: number;
  open: number;
  opened: number;
  closed: number;
  refused: number;
  errors: number;
};

export function wsStats(): WsStats {
  g.__pqWsStats ??= { startedAt: Date.now(), open: 0, opened: 0, closed: 0, refused: 0, errors: 0 };
  return g.__pqWsStats;
}
