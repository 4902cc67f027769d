// The hospital's waiting-room screens: list, add (its link is shown once), revoke (the screen
// shows "This screen link was withdrawn" at once, on every instance).
import { now } from "../clock.ts";
import { listScreens, revokeScreen } from "../db/screen-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { addScreen } from "./display.ts";
import { announceScreenRevoked } from "./screen-state.ts";

export { addScreen, listScreens };

export async function withdrawScreen(hospitalId: string, screenId: string) {
  const revokedAt = await revokeScreen(hospitalId, screenId, now());
  if (!revokedAt) throw new DomainError("SCREEN_NOT_FOUND", "Screen not found.");
  await announceScreenRevoked(screenId);
  return { screenId, revokedAt };
}
