// The server's side of tRPC's transformer: superjson, with the input checked before superjson reads
// it. superjson trusts its `meta`: `values: "x"` recursed until the stack ran out (every such call
// a few milliseconds of CPU and "Maximum call stack size exceeded" on the wire), class, symbol and
// custom annotations named things this server never registers, and a `null` input came back as
// "Cannot destructure property 'json'". Now an input is `{ json?, meta? }` whose annotations are only
// the plain ones a client of ours sends (dates, undefined, numbers like NaN, bigints, sets, maps), in
// a tree no deeper than 32 levels and 10,000 nodes; anything else is a 400 with one plain message.
// Outputs are superjson's as they were (the clients read them with superjson).
import superjson from "superjson";

export const UNREADABLE_INPUT =
  "This request's input could not be read. Please reload the page and try again.";

/** superjson's annotations for values JSON has no type for; none of them runs code of the sender's. */
const PLAIN_ANNOTATIONS = new Set(["undefined", "Date", "number", "bigint", "set", "map"]);
const MAX_DEPTH = 32;
const MAX_NODES = 10_000;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A `meta.values` tree: children `{ path: tree }`, or `[annotation, children?]`. */
function valuesTreeOk(tree: unknown, depth: number, budget: { nodes: number }): boolean {
  if (tree === null || tree === undefined) return true;
  if (depth > MAX_DEPTH || --budget.nodes < 0) return false;
  if (Array.isArray(tree)) {
    if (tree.length < 1 || tree.length > 2) return false;
    if (typeof tree[0] !== "string" || !PLAIN_ANNOTATIONS.has(tree[0])) return false;
    return tree.length === 1 || tree[1] === undefined || childrenOk(tree[1], depth, budget);
  }
  return childrenOk(tree, depth, budget);
}

function childrenOk(children: unknown, depth: number, budget: { nodes: number }): boolean {
  if (!isPlainObject(children)) return false;
  for (const key in children) if (!valuesTreeOk(children[key], depth + 1, budget)) return false;
  return true;
}

const pathListOk = (v: unknown, budget: { nodes: number }) =>
  Array.isArray(v) && v.every((p) => typeof p === "string" && --budget.nodes >= 0);

/** `meta.referentialEqualities`: `{ path: [paths] }`, or `[[root paths], { path: [paths] }?]`. */
function equalitiesOk(eq: unknown, budget: { nodes: number }): boolean {
  if (eq === undefined) return true;
  const mapOk = (m: unknown) =>
    isPlainObject(m) && Object.values(m).every((paths) => pathListOk(paths, budget));
  if (Array.isArray(eq))
    return (
      eq.length >= 1 && eq.length <= 2 && pathListOk(eq[0], budget) && (eq[1] === undefined || mapOk(eq[1]))
    );
  return mapOk(eq);
}

/** Whether `payload` is a superjson payload this server reads (see the module comment). */
export function readableInput(payload: unknown): boolean {
  // `{}`: what tRPC's clients send for a procedure without input (superjson's `{ json: undefined }`).
  if (!isPlainObject(payload)) return false;
  const meta = payload.meta;
  if (meta === undefined) return true;
  if (!isPlainObject(meta)) return false;
  const budget = { nodes: MAX_NODES };
  for (const key in meta)
    if (key !== "values" && key !== "referentialEqualities" && key !== "v") return false;
  if (meta.v !== undefined && typeof meta.v !== "number") return false;
  return valuesTreeOk(meta.values, 0, budget) && equalitiesOk(meta.referentialEqualities, budget);
}

export const serverTransformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (payload: unknown) => {
      if (payload === undefined) return undefined;
      if (!readableInput(payload)) throw new Error(UNREADABLE_INPUT);
      try {
        return superjson.deserialize(payload as Parameters<typeof superjson.deserialize>[0]);
      } catch {
        throw new Error(UNREADABLE_INPUT);
      }
    },
  },
  output: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (payload: unknown) =>
      superjson.deserialize(payload as Parameters<typeof superjson.deserialize>[0]),
  },
};
