// `npm run bench:eta -- --detail`: where the estimate's error lives. Signed error (bias: estimate
// minus the real wait; negative = told too early) and absolute errors, by class of day, by whether
// the patient was here, by the real wait and by the people ahead.
import type { JudgedEstimate } from "./simulate.ts";

type Bucket = { name: string; keep: (j: JudgedEstimate) => boolean };

const WAIT_BUCKETS: Bucket[] = [
  [0, 15],
  [15, 30],
  [30, 60],
  [60, 120],
  [120, Infinity],
].map(([from, to]) => ({
  name: `real wait ${from}${to === Infinity ? "+" : `-${to}`} min`,
  keep: (j) => j.actualWaitMinutes >= (from ?? 0) && j.actualWaitMinutes < (to ?? Infinity),
}));

const AHEAD_BUCKETS: Bucket[] = [
  [1, 1],
  [2, 3],
  [4, 6],
  [7, 12],
  [13, Infinity],
].map(([from, to]) => ({
  name: `position ${from}${to === from ? "" : to === Infinity ? "+" : `-${to}`}`,
  keep: (j) => j.position >= (from ?? 0) && j.position <= (to ?? Infinity),
}));

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;

function line(name: string, judged: readonly JudgedEstimate[]): string {
  const bias = mean(judged.map((j) => j.modelWaitMinutes - j.actualWaitMinutes));
  const naiveBias = mean(judged.map((j) => j.naiveWaitMinutes - j.actualWaitMinutes));
  const model = mean(judged.map((j) => j.modelError));
  const naive = mean(judged.map((j) => j.naiveError));
  return [
    name.padEnd(30),
    String(judged.length).padStart(8),
    bias.toFixed(1).padStart(7),
    naiveBias.toFixed(1).padStart(7),
    model.toFixed(1).padStart(7),
    naive.toFixed(1).padStart(7),
    (naive > 0 ? model / naive : 0).toFixed(2).padStart(6),
  ].join("  ");
}

const HEADER = ["", "count", "bias", "n.bias", "mae", "n.mae", "ratio"]
  .map((h, i) => (i === 0 ? h.padEnd(30) : h.padStart(i === 1 ? 8 : i === 6 ? 6 : 7)))
  .join("  ");

/** The breakdown as lines of text, for every class of day and over them all. */
export function errorDetail(classes: ReadonlyMap<string, readonly JudgedEstimate[]>): string[] {
  const all = [...classes.values()].flat();
  const lines = ["", "Detail: bias = estimate - real wait (min); n. = naive", HEADER];
  for (const [kind, judged] of classes) lines.push(line(kind, judged));
  lines.push(line("all", all));
  const groups: [string, (j: JudgedEstimate) => boolean][] = [
    ["checked in", (j) => j.present],
    ["not yet here", (j) => !j.present],
  ];
  for (const [name, keep] of groups) lines.push(line(name, all.filter(keep)));
  for (const { name, keep } of [...WAIT_BUCKETS, ...AHEAD_BUCKETS]) lines.push(line(name, all.filter(keep)));
  for (const [kind, judged] of classes) {
    lines.push("", `${kind}:`);
    for (const [name, keep] of groups) lines.push(line(`  ${name}`, judged.filter(keep)));
    for (const { name, keep } of WAIT_BUCKETS) lines.push(line(`  ${name}`, judged.filter(keep)));
  }
  return lines;
}
