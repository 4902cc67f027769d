// npm run bench:eta: replays clinic days through the queue's ordering and estimate code and prints
// how far the estimates were from what happened, beside the naive position x default minutes.
//   --scenario FILE.json [--scenario ...]   replay these days
//   --generate --seed N --out DIR [--count C]   write C generated days (default 48) and stop
//   --detail   also print the signed error (bias) by class, presence, real wait and position
//   (no files)   generate the default set (48 days, seed 1; or --seed/--count) in a temp dir and replay it
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { errorDetail } from "./detail.ts";
import { generateScenarios, SCENARIO_KINDS } from "./generate.ts";
import { parseScenario, type Scenario, ScenarioError } from "./scenario.ts";
import {
  type ErrorSummary,
  type JudgedEstimate,
  judgeEstimates,
  simulateDay,
  summarizeErrors,
} from "./simulate.ts";
import { snapshotEstimateMs } from "./timing.ts";

// Four days of each kind: a dozen days is too few to say much (one seed's dozen ranges 0.32-0.54).
const DEFAULT_COUNT = 4 * SCENARIO_KINDS.length;
const USAGE = `usage: npm run bench:eta [-- --scenario FILE.json ...] [-- --seed N] [-- --generate --seed N --out DIR [--count C]]`;

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ScenarioError(`--${name} must be a whole number, not "${value}"`);
  return n;
}

function writeScenarios(dir: string, seed: number, count: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return generateScenarios(seed, count).map(({ name, scenario }) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, `${JSON.stringify(scenario, null, 2)}\n`);
    return file;
  });
}

function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ScenarioError(
      `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return parseScenario(text, file);
}

const COLUMNS = [
  "scenario",
  "drs",
  "seen",
  "estimates",
  "model mae",
  "model p90",
  "naive mae",
  "naive p90",
  "ratio",
  "in range",
];
const WIDTHS = [30, 3, 5, 9, 9, 9, 9, 9, 5, 8];

function row(cells: (string | number)[]): string {
  return cells
    .map((cell, i) => (i === 0 ? String(cell).padEnd(WIDTHS[0] ?? 0) : String(cell).padStart(WIDTHS[i] ?? 0)))
    .join("  ");
}

function summaryRow(name: string, doctors: number | string, seen: number | string, s: ErrorSummary) {
  return row([
    name,
    doctors,
    seen,
    s.count,
    s.modelMae.toFixed(1),
    s.modelP90.toFixed(1),
    s.naiveMae.toFixed(1),
    s.naiveP90.toFixed(1),
    s.ratio.toFixed(2),
    s.coverage.toFixed(2),
  ]);
}

/** "07-late-doctor-silent" -> "late-doctor-silent": a day's class from its file name. */
function classOf(name: string): string {
  return name.replace(/^\d+[-_]/, "").replace(/[-_]\d+$/, "") || name;
}

const classOrder = (kind: string) => {
  const i = (SCENARIO_KINDS as readonly string[]).indexOf(kind);
  return i < 0 ? SCENARIO_KINDS.length : i;
};

function replay(files: string[], detail = false) {
  const started = performance.now();
  const scenarios = files.map((file) => ({ file, scenario: loadScenario(file) }));
  console.log(
    "Estimated wait, absolute error in minutes (each estimate a waiting patient was shown, vs their real start)",
  );
  console.log(row(COLUMNS));
  const all: JudgedEstimate[] = [];
  const classes = new Map<
    string,
    { days: number; doctors: number; seen: number; judged: JudgedEstimate[] }
  >();
  let doctors = 0;
  let seen = 0;
  for (const { file, scenario } of scenarios) {
    const simulation = simulateDay(scenario);
    const judged = judgeEstimates(simulation);
    all.push(...judged);
    doctors += scenario.doctors.length;
    seen += simulation.actualStartAt.size;
    const name = path.basename(file, ".json");
    const kind = classOf(name);
    const of = classes.get(kind) ?? { days: 0, doctors: 0, seen: 0, judged: [] };
    of.days++;
    of.doctors += scenario.doctors.length;
    of.seen += simulation.actualStartAt.size;
    of.judged.push(...judged);
    classes.set(kind, of);
    console.log(
      summaryRow(name, scenario.doctors.length, simulation.actualStartAt.size, summarizeErrors(judged)),
    );
  }
  console.log("\nBy class of day");
  console.log(row(COLUMNS));
  for (const [kind, of] of [...classes].sort(
    ([a], [b]) => classOrder(a) - classOrder(b) || (a < b ? -1 : 1),
  )) {
    console.log(summaryRow(`${kind} (${of.days})`, of.doctors, of.seen, summarizeErrors(of.judged)));
  }
  const total = summarizeErrors(all);
  if (detail) {
    const byClass = [...classes].sort(([a], [b]) => classOrder(a) - classOrder(b) || (a < b ? -1 : 1));
    for (const text of errorDetail(new Map(byClass.map(([kind, of]) => [kind, of.judged]))))
      console.log(text);
    console.log("");
  }
  console.log(summaryRow("total", doctors, seen, total));
  console.log(summaryRow("  of which checked in", "", "", summarizeErrors(all.filter((j) => j.present))));
  console.log(summaryRow("  of which not yet here", "", "", summarizeErrors(all.filter((j) => !j.present))));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${scenarios.length} scenarios replayed in ${seconds} s`);
  console.log(`eta_snapshot patients=60 median_ms=${snapshotEstimateMs().toFixed(3)} (target well under 10)`);
  console.log(`eta_range coverage=${total.coverage.toFixed(2)}`);
  console.log(
    `eta mae_model=${total.modelMae.toFixed(2)} mae_naive=${total.naiveMae.toFixed(2)} ratio=${total.ratio.toFixed(2)}`,
  );
}

function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: "string", multiple: true },
      generate: { type: "boolean", default: false },
      seed: { type: "string" },
      out: { type: "string" },
      count: { type: "string" },
      detail: { type: "boolean", default: false },
    },
    strict: true,
  });
  const seed = positiveInteger(values.seed, "seed", 1);
  const count = positiveInteger(values.count, "count", DEFAULT_COUNT);
  if (values.generate) {
    if (!values.out) throw new ScenarioError(`--generate needs --out DIR\n${USAGE}`);
    const files = writeScenarios(values.out, seed, count);
    console.log(`wrote ${files.length} scenarios (seed ${seed}) to ${values.out}`);
    return;
  }
  if (values.scenario?.length) {
    replay(values.scenario, values.detail);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-eta-"));
  try {
    console.log(`generated ${count} scenarios (seed ${seed}) in ${dir}`);
    replay(writeScenarios(dir, seed, count), values.detail);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ScenarioError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  throw error;
}
