// The one cache interface. Values are snapshots of database state: losing one costs a rebuild, never data.
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  /**
   * Writes only when nothing is stored under `key` or the stored value's version is lower, so the
   * cache never goes back to an older snapshot than one already written. True when written.
   */
  setIfNewer<T extends { version: number }>(key: string, value: T, ttlSeconds: number): Promise<boolean>;
  del(...keys: string[]): Promise<void>;
}

/** The `version` of a stored value, when it has a numeric one. */
export function versionOf(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const version = (value as { version?: unknown }).version;
  return typeof version === "number" && Number.isFinite(version) ? version : undefined;
}

export function assertVersion(version: number) {
  if (!Number.isFinite(version)) throw new TypeError(`setIfNewer needs a finite version (got ${version})`);
}
