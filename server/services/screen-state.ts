// Whether a waiting-room screen's link still works: every display link names its DisplayScreen
// (claim `sid`), looked up through the cache (a screen polls every few seconds). Revoking one writes
// its revoked state to the cache (a state nothing older can overwrite) and announces it on the bus,
// so the screen's open subscription ends at once on whichever instance holds it.
import { getCache } from "../cache/index.ts";
import { now } from "../clock.ts";
import { findScreen, touchScreen } from "../db/screen-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { getBus } from "../realtime/bus-index.ts";

/**
 * The cached state of a screen. `version` orders writes (setIfNewer): a live screen's is its last
 * sighting (ms), a revoked one's the largest there is, so a read that began before the revocation
 * can never put the screen back.
 */
type ScreenState =
  | { version: number; revoked: false; hospitalId: string; doctorId: string; lastSeenAt: number | null }
  | { version: number; revoked: true };

const TTL_SECONDS = 60;
const REVOKED_VERSION = Number.MAX_SAFE_INTEGER;
/** A screen's last sighting is written at most this often. */
const SEEN_EVERY_MS = 60_000;
const cacheKey = (screenId: string) => `display:screen:${screenId}`;
const busTopic = (screenId: string) => `screen:${screenId}`;

export const INVALID_DISPLAY_LINK = "This display link is not valid. Please ask reception for a new one.";

export const screenWithdrawn = () =>
  new DomainError(
    "DISPLAY_LINK_WITHDRAWN",
    "This screen link was withdrawn. Please ask reception for a new one.",
  );

async function stateOf(screenId: string): Promise<ScreenState | null> {
  const cached = await getCache().get<ScreenState>(cacheKey(screenId));
  if (cached) return cached;
  const row = await findScreen(screenId);
  if (!row) return null;
  const state: ScreenState = row.revokedAt
    ? { version: REVOKED_VERSION, revoked: true }
    : {
        version: row.lastSeenAt?.getTime() ?? 0,
        revoked: false,
        hospitalId: row.hospitalId,
        doctorId: row.doctorId,
        lastSeenAt: row.lastSeenAt?.getTime() ?? null,
      };
  await getCache().setIfNewer(cacheKey(screenId), state, TTL_SECONDS);
  return state;
}

/**
 * Refuses a link whose screen is gone or belongs elsewhere (DISPLAY_LINK_INVALID) or was revoked
 * (DISPLAY_LINK_WITHDRAWN); records the screen's sighting (at most once a minute).
 */
export async function assertScreenLive(claims: { screenId: string; hospitalId: string; doctorId: string }) {
  const state = await stateOf(claims.screenId);
  if (!state) throw new DomainError("DISPLAY_LINK_INVALID", INVALID_DISPLAY_LINK);
  if (state.revoked) throw screenWithdrawn();
  if (state.hospitalId !== claims.hospitalId || state.doctorId !== claims.doctorId)
    throw new DomainError("DISPLAY_LINK_INVALID", INVALID_DISPLAY_LINK);
  const at = now().getTime();
  if (state.lastSeenAt === null || at - state.lastSeenAt >= SEEN_EVERY_MS) {
    await touchScreen(claims.screenId, new Date(at));
    await getCache().setIfNewer(
      cacheKey(claims.screenId),
      { ...state, version: at, lastSeenAt: at },
      TTL_SECONDS,
    );
  }
}

/** After the revocation was committed: the cache says so at once, and every instance hears it. */
export async function announceScreenRevoked(screenId: string) {
  await getCache().set<ScreenState>(
    cacheKey(screenId),
    { version: REVOKED_VERSION, revoked: true },
    TTL_SECONDS,
  );
  await getBus().publish({
    topic: busTopic(screenId),
    version: 0,
    reason: "screen revoked",
    kind: "screen",
    at: Date.now(),
  });
}

/** Calls `listener` when the screen is revoked (on any instance); returns the unsubscribe function. */
export function onScreenRevoked(screenId: string, listener: () => void): () => void {
  const topic = busTopic(screenId);
  return getBus().subscribe((msg) => {
    if (msg.kind === "screen" && msg.topic === topic) listener();
  });
}
