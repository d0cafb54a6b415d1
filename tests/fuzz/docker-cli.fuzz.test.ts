/**
 * Bad input is normal input: random docker command lines built from docker's
 * grammar (valid and invalid verbs, flags, names, images and commands). For
 * each one: no exception escapes, the machine answers in bounded time, errors
 * look like Docker's (no JavaScript leaking through), and the engine stays
 * consistent (ps and inspect agree, nothing half-removed).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../src/machine/machine";

const NAMES = ["web", "db", "x", "nosuch", "web2", "a b", "-bad", "UPPER"];
const IMAGES = [
  "busybox",
  "alpine",
  "nginx",
  "hello-world",
  "nosuchimage",
  "Bad:Name",
  "busybox:nosuch",
  "ubuntu:22.04",
  "",
];
const COMMANDS = [
  "",
  "true",
  "false",
  "sh -c 'exit 3'",
  "sleep 1",
  "nosuchcmd",
  "/etc",
  "echo hi",
  "cat /nope",
  "ls /",
];
const FLAGS = [
  "-d",
  "-it",
  "-i",
  "-t",
  "--rm",
  "-a",
  "-q",
  "-f",
  "--nosuch",
  "-e X=1",
  "-p 8080:80",
  "-p bad",
  "-v vol:/data",
  "-v rel",
  "--network nonet",
  "--name",
  "-w /tmp",
  "--format '{{.Names}}'",
  "--format '{{.Nope}}'",
  "-n 1",
  "--tail 2",
  "-t 1",
  "-s KILL",
  "--",
  "-x",
  "--restart always",
  "--restart on-failure:2",
  "--restart bogus",
  "--init",
  "-u nobody",
  "-u nosuchuser",
  "--read-only",
  "-m 64m",
  "--cpus 0.5",
  "--pids-limit 10",
  "web:/etc/hosts",
  "/tmp",
  "-c 'CMD [\"true\"]'",
  "--since 1m",
  "--filter type=container",
];
const VERBS = [
  "run",
  "create",
  "start",
  "stop",
  "rm",
  "ps",
  "images",
  "pull",
  "exec",
  "logs",
  "inspect",
  "kill",
  "restart",
  "tag",
  "rmi",
  "port",
  "history",
  "version",
  "info",
  "volume create",
  "volume rm",
  "volume ls",
  "network create",
  "network rm",
  "network ls",
  "container ls",
  "image ls",
  "image rm",
  "login",
  "push",
  "restart",
  "pause",
  "unpause",
  "rename",
  "top",
  "stats --no-stream",
  "stats",
  "cp",
  "diff",
  "commit",
  "attach",
  "container prune -f",
  "container prune",
  "image prune",
  "image prune -a -f",
  "system df",
  "system df -v",
  "system prune -f",
  "system prune",
  "events --until 0s",
  "events",
  "search",
  "nosuchverb",
  "",
];

const token = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.constantFrom(...IMAGES),
  fc.constantFrom(...FLAGS),
  fc.constantFrom(...COMMANDS),
);
const line = fc
  .tuple(fc.constantFrom(...VERBS), fc.array(token, { maxLength: 5 }))
  .map(([verb, toks]) => `docker ${verb} ${toks.join(" ")}`.trim());

const LEAKS = /TypeError|ReferenceError|undefined is not|\[object Object\]|at .*\.(ts|js):\d+|NaN|Maximum call stack/;

async function consistent(m: Machine): Promise<void> {
  const list = await m.engine.containerList({ all: true });
  for (const c of list) {
    const info = await m.engine.containerInspect(c.Id);
    expect(info.State.Status).toBe(c.State);
    expect(info.Name).toBe(c.Names[0]);
  }
  const ids = new Set(list.map((c) => c.Id));
  expect(ids.size).toBe(list.length);
}

describe("random docker command lines", () => {
  it("never crash, hang or leak JavaScript, and leave the engine consistent", async () => {
    let m = await createMachine();
    let count = 0;
    await fc.assert(
      fc.asyncProperty(line, async (cmd) => {
        // A server in the foreground (docker run nginx) rightly runs until Ctrl+C, as it does on a real engine.
        fc.pre(!(/^docker (run|start|create)\b/.test(cmd) && /nginx/.test(cmd) && !/ -d\b/.test(cmd)));
        // So does `docker attach` to one: it follows the server's output until it stops.
        if (/^docker attach\b/.test(cmd))
          fc.pre(!(await m.engine.containerList()).some((c) => c.Image.startsWith("nginx")));
        // A fresh machine now and then keeps the state small and varied.
        if (++count % 500 === 0) m = await createMachine();
        const r = await Promise.race([
          m.run(cmd),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`hung: ${cmd}`)), 5000)),
        ]);
        expect(Number.isInteger(r.exitCode) && r.exitCode >= 0 && r.exitCode <= 255).toBe(true);
        expect(`${r.stdout}${r.stderr}`).not.toMatch(LEAKS);
        if (r.exitCode !== 0 && !/^docker (run|start)\b/.test(cmd))
          expect(`${r.stderr}${r.stdout}`.length).toBeGreaterThan(0);
        if (r.exitCode === 125) expect(r.stderr.length).toBeGreaterThan(0);
        if (count % 50 === 0) await consistent(m);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 10_000), seed: Number(process.env.FUZZ_SEED ?? 20261128) },
    );
    await consistent(m);
  }, 600_000);
});
