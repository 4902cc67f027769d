// In-process cache: correct for one instance, and the fallback while Redis is away. Bounded, least
// recently used entries go first. Values are kept by reference: treat what `get` returns as read-only.
import { assertVersion, type Cache, versionOf } from "./cache.ts";

type Entry = { value: unknown; expiresAt: number };

export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: { maxEntries?: number; now?: () => number } = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  get size() {
    return this.entries.size;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    // Re-insert so Map order stays least-recently-used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    this.write(key, value, ttlSeconds);
  }

  async setIfNewer<T extends { version: number }>(
    key: string,
    value: T,
    ttlSeconds: number,
  ): Promise<boolean> {
    assertVersion(value.version);
    const stored = versionOf(this.live(key)?.value);
    if (stored !== undefined && stored >= value.version) return false;
    this.write(key, value, ttlSeconds);
    return true;
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }

  /** A live entry with the seconds it has left, without touching its recency. */
  peek(key: string): { value: unknown; ttlSeconds: number } | undefined {
    const entry = this.live(key);
    return entry && { value: entry.value, ttlSeconds: (entry.expiresAt - this.now()) / 1000 };
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: unknown, ttlSeconds: number) {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
