// This process's id: tags bus messages so an instance skips its own echo, and names it in /health.
import { randomBytes } from "node:crypto";

const g = globalThis as unknown as { __pqInstanceId?: string };

g.__pqInstanceId ??= randomBytes(8).toString("hex");

export const instanceId: string = g.__pqInstanceId;
