// The track bench's server: the real instance (server/test/instance-main.ts) with the tracking rate
// limits raised so the load generator, one IP address reading a few links thousands of times a
// second, is measured rather than refused. The limiters still run and still count in Redis, through
// their local reservations (server/http/rate-limit.ts: 1/20 of a limit at a time, at most 1,000
// points; with the real limits a link reserves 3 reads at a time and an address 30).
import { LIMITS } from "../../server/http/rate-limit.ts";

const unlimited = { points: 1_000_000_000, duration: 60 };
Object.assign(LIMITS as Record<string, unknown>, { trackIp: unlimited, trackToken: unlimited });
await import("../../server/test/instance-main.ts");
