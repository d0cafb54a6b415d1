/**
 * The course against a real engine: every lesson in the course order, replayed through the machine in
 * real mode (`docker context use classroom` → GatewayEngine → a real classroom gateway → the real
 * dockerd), with only the images `npm run server -- --prepare-images` makes (no registry).
 *
 * For each lesson: a fresh machine and session, the lesson's setup, then for each task that runs on
 * the real engine: its solution is typed and every check line passes. (Whether a check can fail is
 * the simulator replay's job, src/course/lessons.test.ts: here the class's shared images are on the
 * engine before anyone pulls them, so a pull task's check passes from the start.)
 * Tasks marked `engines: [sim]` in the lesson (an engine stop, the simulated ECR, the simulated
 * host's curl …) are skipped, as the app tells a learner in real mode to do them in the simulator.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { applySetup, replaySolution, runChecks } from "../../src/course/checks";
import { BASE_LANG, COURSE_PATH, parseCourse, resolveLessonFile } from "../../src/course/course";
import { lessonTasks, parseLesson } from "../../src/course/parse";
import type { Lesson, RunFn, Task } from "../../src/course/types";
import type { WebSocketCtor } from "../../src/engine/gateway/web";
import { Machine } from "../../src/machine/machine";
import { type ChildGateway, ENGINE_SOCKET, engine, ROOT, skipNote, startChildGateway } from "./harness";

const Ws = WebSocket as unknown as WebSocketCtor;
const read = (p: string) => readFileSync(join(ROOT, p), "utf8");

const files = readdirSync(join(ROOT, "lessons", BASE_LANG)).map((f) => `lessons/${BASE_LANG}/${f}`);
const lessons: Lesson[] = parseCourse(read(COURSE_PATH)).lessons.map((slug) => {
  const file = resolveLessonFile(files, slug, BASE_LANG);
  if (!file) throw new Error(`no file for ${slug}`);
  return parseLesson(read(file), { path: file });
});
const onReal = (t: Task) => t.engines.includes("real");

/**
 * Images the lessons use, as src/server/prepare-images.ts makes them (this project may not import
 * the server's code: tsconfig.node.json).
 */
const COURSE_IMAGES = [
  "busybox:latest",
  "hello-world:latest",
  "alpine:latest",
  "alpine:3.20",
  "alpine:3.19",
  "ubuntu:latest",
  "ubuntu:22.04",
  "debian:bookworm-slim",
  "nginx:latest",
  "nginx:1.27",
];
/** The gateway's default capabilities (src/server/config.ts DEFAULT_CAPS). */
const DEFAULT_CAPS = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "NET_BIND_SERVICE"];

/** The prepared images must be on the engine (CI runs --prepare-images after dockerd is up). */
function missingImages(): string[] {
  if (!engine.ok) return [];
  const tags = COURSE_IMAGES;
  const script = `
    const http = require("node:http");
    const get = (p) => new Promise((res) => http.get({ socketPath: ${JSON.stringify(ENGINE_SOCKET)}, path: p }, (x) => { x.resume(); res(x.statusCode); }).on("error", () => res(0)));
    (async () => { const out = []; for (const t of ${JSON.stringify(tags)}) if ((await get("/images/" + encodeURIComponent(t) + "/json")) !== 200) out.push(t); console.log(JSON.stringify(out)); })();`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
  return JSON.parse(r.stdout || "[]");
}
const missing = missingImages();
const imagesNote = missing.length
  ? ` [skipped: the engine lacks ${missing.join(", ")}; run: npm run server -- --prepare-images]`
  : "";
if (missing.length && process.env.CC_REQUIRE_ENGINE === "1")
  throw new Error(
    `CC_REQUIRE_ENGINE=1 but the engine lacks ${missing.join(", ")} (npm run server -- --prepare-images)`,
  );

/**
 * The gateway as docs/classroom-server.md sets it up for a class taking the whole course on the real
 * engine: the default limits (15 containers of 128 MiB, 2 GiB per session) fit lessons 08 (ten
 * replicas) and 11 (seven containers); lesson 11 pings, and busybox ping needs NET_RAW.
 */
const COURSE_FLAGS = ["--caps", [...DEFAULT_CAPS, "NET_RAW"].join(",")];

async function machineFor(gw: ChildGateway): Promise<Machine> {
  const m = new Machine({ clock: "real", web: { WebSocket: Ws } });
  m.setGateway({ url: gw.url, mode: "open" });
  const r = await m.run("docker context use classroom");
  if (r.exitCode !== 0) throw new Error(`docker context use classroom: ${r.stderr}`);
  return m;
}

function show(label: string, r: { stdout: string; stderr: string; exitCode: number }): string {
  return `${label} → exit ${r.exitCode}\n${r.stdout}${r.stderr}`.trimEnd();
}

describe.skipIf(!engine.ok || missing.length > 0)(
  `the course on the real engine, with the prepared images only${skipNote}${imagesNote}`,
  () => {
    let gw: ChildGateway;

    beforeAll(async () => {
      gw = await startChildGateway(COURSE_FLAGS);
    }, 60_000);

    afterAll(async () => {
      await gw?.destroy();
    }, 60_000);

    for (const lesson of lessons) {
      const tasks = lessonTasks(lesson);
      it(`${lesson.path}: ${tasks.filter(onReal).length}/${tasks.length} tasks pass on the real engine`, async () => {
        const m = await machineFor(gw);
        const run: RunFn = (s) => m.run(s);
        try {
          const setup = await applySetup(lesson.setup, run);
          expect(setup.ok, `setup failed:\n${setup.outcomes.map((o) => show(o.script, o.result)).join("\n")}`).toBe(
            true,
          );
          for (const task of tasks) {
            if (!onReal(task)) continue;
            const replay = await replaySolution(task, run);
            const after = await runChecks(task, run);
            const detail = [
              ...replay.outcomes.map((o) => show(`solution: ${o.script}`, o.result)),
              ...after.lines.filter((l) => !l.passed).map((l) => show(`check: ${l.run}`, l)),
            ].join("\n");
            expect(after.messages, `task '${task.id}' fails on the real engine after its solution:\n${detail}`).toEqual(
              [],
            );
          }
        } finally {
          m.contexts.dispose();
        }
      }, 240_000);
    }
  },
);
