/**
 * The simulated engine at scale, in Node (`npm run bench` runs it; alone:
 * `node --expose-gc --import tsx scripts/bench-engine.ts [--json]`):
 * - memory growth for 1,000 running containers from one image (layers are shared, writable layers are copy-on-write);
 * - `docker ps` over those 1,000 containers;
 * - a cached rebuild of a 10-step Dockerfile.
 */
import { createMachine } from "../src/machine/machine";

const json = process.argv.includes("--json");
const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
  return process.memoryUsage().heapUsed;
}

async function main() {
  const out: Record<string, unknown> = {};
  // 1,000 running containers (real clock: on the virtual clock an idle machine jumps to when the sleeps end).
  const m = await createMachine({ clock: "real" });
  await m.run("docker pull -q busybox");
  const before = await heap();
  for (let i = 0; i < 1000; i++) {
    const { Id } = await m.engine.containerCreate({ Image: "busybox", Cmd: ["sleep", "100000"] }, { name: `c${i}` });
    await m.engine.containerStart(Id);
  }
  const after = await heap();
  const running = (await m.engine.containerList({})).length;
  out.containers = running;
  out.memoryGrowthMB = round((after - before) / 1024 / 1024, 1);
  out.gcExposed = !!gc;

  // docker ps over them, through the CLI (formatting included).
  const psTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const r = await m.run("docker ps");
    psTimes.push(performance.now() - t0);
    if (r.stdout.split("\n").length < 1001) throw new Error("docker ps did not list 1,000 containers");
  }
  out.psMs = round(median(psTimes));

  // A cached rebuild of a 10-step Dockerfile.
  const b = await createMachine();
  await b.run("mkdir -p /home/student/app && cd /home/student/app && echo hello > a.txt && echo world > b.txt");
  const steps = [
    "FROM alpine:3.20",
    "WORKDIR /app",
    "ENV MODE=demo",
    "COPY a.txt .",
    "RUN cat a.txt > c.txt",
    "COPY b.txt .",
    "RUN cat b.txt >> c.txt",
    "RUN mkdir -p /data && echo data > /data/x",
    "EXPOSE 8080",
    'CMD ["cat", "/app/c.txt"]',
  ];
  await b.hostFs.writeFile("/home/student/app/Dockerfile", `${steps.join("\n")}\n`);
  const first = await b.run("cd /home/student/app && docker build -q -t ten .");
  if (first.exitCode !== 0) throw new Error(`first build failed: ${first.stderr}`);
  const rebuild: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const r = await b.run("cd /home/student/app && docker build -q -t ten .");
    rebuild.push(performance.now() - t0);
    if (r.exitCode !== 0) throw new Error(`rebuild failed: ${r.stderr}`);
  }
  const plain = await b.run("cd /home/student/app && docker build --progress=plain -t ten .");
  out.cachedSteps = (plain.stderr.match(/ CACHED\n/g) ?? []).length;
  out.rebuildMs = round(median(rebuild));
  if (json) console.log(JSON.stringify(out));
  else {
    console.log(
      `1,000 running containers: memory +${out.memoryGrowthMB} MB (target ≤ 64 MB)${gc ? "" : " [run with --expose-gc for a precise figure]"}`,
    );
    console.log(`docker ps over 1,000 containers: median ${out.psMs} ms (target ≤ 20 ms)`);
    console.log(
      `cached rebuild of a 10-step Dockerfile: median ${out.rebuildMs} ms, ${out.cachedSteps} steps CACHED (target ≤ 10 ms)`,
    );
  }
  process.exit(0);
}

main().catch((e) => {
  if (json) console.log(JSON.stringify({ skipped: (e as Error).message.split("\n")[0] }));
  else console.error(e);
  process.exit(json ? 0 : 1);
});
