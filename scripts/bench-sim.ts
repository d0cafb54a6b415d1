/**
 * The simulator in Node: how long `docker run --rm busybox true` takes, end to end through the shell,
 * the docker CLI and the simulated engine. Run with `npx tsx scripts/bench-sim.ts [--runs N] [--json]`.
 */

interface RunResultLike {
  stdout: string;
  stderr: string;
  exitCode: number;
}
interface MachineLike {
  run(script: string): Promise<RunResultLike>;
  dispose?(): void | Promise<void>;
}

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsArg = args.indexOf("--runs");
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 200;
const COMMAND = "docker run --rm busybox true";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function report(result: Record<string, unknown>): void {
  if (json) console.log(JSON.stringify(result));
  else if (result.skipped) console.log(`skipped: ${result.skipped}`);
  else console.log(`${COMMAND}: median ${result.medianMs} ms, p95 ${result.p95Ms} ms over ${result.runs} runs`);
}

async function main(): Promise<void> {
  let mod: { createMachine?: (opts: { clock: "virtual" }) => MachineLike | Promise<MachineLike> };
  try {
    // A computed specifier: the bench does not make the typecheck depend on the machine's exact module.
    const specifier = new URL("../src/machine/machine.ts", import.meta.url).href;
    mod = await import(specifier);
  } catch (e) {
    report({ skipped: `src/machine/machine.ts could not be loaded (${(e as Error).message.split("\n")[0]})` });
    return;
  }
  if (typeof mod.createMachine !== "function") {
    report({ skipped: "src/machine/machine.ts does not export createMachine" });
    return;
  }
  const machine = await mod.createMachine({ clock: "virtual" });
  // Warm-up: the first run pulls busybox into the simulated engine and JITs the code paths.
  const first = await machine.run(COMMAND);
  if (first.exitCode !== 0) {
    report({ skipped: `${COMMAND} exited ${first.exitCode}: ${(first.stderr || first.stdout).trim().split("\n")[0]}` });
    return;
  }
  for (let i = 0; i < 5; i++) await machine.run(COMMAND);

  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await machine.run(COMMAND);
    times.push(performance.now() - t0);
    if (r.exitCode !== 0) throw new Error(`run ${i}: exit ${r.exitCode}: ${r.stderr}`);
  }
  await machine.dispose?.();
  const round = (x: number) => Math.round(x * 100) / 100;
  report({ runs, medianMs: round(median(times)), p95Ms: round(percentile(times, 95)) });
}

main().catch((e) => {
  report({ skipped: `error: ${(e as Error).message.split("\n")[0]}` });
  process.exitCode = json ? 0 : 1;
});
