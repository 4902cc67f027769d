// The track bench's server: the real instance (server/test/instance-main.ts) with the tracking rate
// limits raised so the load generator, one IP address reading a few links thousands of times a
// second, is measured rather than refused. The limiters still run (and still hit Redis).
import { LIMITS } from "../../server/http/rate-limit.ts";

const unlimited = { points: 1_000_000_000, duration: 60 };
Object.assign(LIMITS as Record<string, unknown>, { trackIp: unlimited, trackToken: unlimited });
await import("../../server/test/instance-main.ts");
