// The track bench's load generator, in a process of its own (forked by main.ts): autocannon against
// one URL, cycling through the given paths (one per tracking link).
import autocannon from "autocannon";

process.once(
  "message",
  async (msg: {
    url: string;
    paths: string[];
    headers?: Record<string, string>;
    connections: number;
    duration: number;
  }) => {
    const result = await autocannon({
      url: msg.url,
      connections: msg.connections,
      duration: msg.duration,
      requests: msg.paths.map((path) => ({ method: "GET", path, headers: msg.headers })),
    });
    process.send?.({
      rps: result.requests.average,
      total: result.requests.total,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    });
    process.disconnect();
  },
);
