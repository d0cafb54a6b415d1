/**
 * Live fidelity: the same busybox-only scripts run through a REAL docker
 * (bash -c, child_process) and through the simulator; stdout, stderr and exit
 * code must agree after normalise.ts (ids, times, names, sizes; the real
 * daemon's 20.10 wording is mapped to current wording, as in fidelity.test.ts).
 *
 * Needs a daemon that answers `docker info` and has busybox:latest
 * (tests/fidelity/ensure-busybox.sh builds it from busybox-static). Without
 * one the suite is skipped, and says why. Containers and tags are created
 * under a unique prefix and removed afterwards.
 *
 * A second suite compares CLI-only output (help, usage errors) with the
 * docker CLI 28.2.2 binary, which needs no daemon.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine } from "../../src/machine/machine";
import { modernise, type NormOptions, normalise, type Output, tableLayoutOk, warmUpJustBash } from "./normalise";

const DOCKER = process.env.DOCKER ?? "docker";

function sh(script: string, timeout = 120_000): Output {
  // The scripts say `docker`; make that the binary under test.
  const r = spawnSync("bash", ["-c", `docker() { command "$FIDELITY_DOCKER" "$@"; }\n${script}`], {
    encoding: "utf8",
    input: "",
    timeout,
    env: { ...process.env, FIDELITY_DOCKER: DOCKER },
  });
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", exitCode: r.status ?? -1 };
}

function probe(): { live: boolean; cli: boolean; why: string } {
  const version = sh("docker --version", 10_000);
  const cli = version.exitCode === 0 && version.stdout.startsWith("Docker version 28.2.2,");
  if (version.exitCode !== 0) return { live: false, cli, why: `no docker CLI (${DOCKER})` };
  const info = sh("docker info", 20_000);
  if (info.exitCode !== 0)
    return { live: false, cli, why: `no Docker daemon answers: ${info.stderr.trim().split("\n")[0]}` };
  if (sh("docker image inspect busybox:latest", 20_000).exitCode !== 0) {
    return { live: false, cli, why: "busybox:latest is missing (run tests/fidelity/ensure-busybox.sh)" };
  }
  return { live: true, cli, why: "" };
}

const env = probe();
beforeAll(warmUpJustBash, 60_000);
if (!env.live) console.warn(`[live fidelity] skipped: ${env.why}`);
if (!env.cli) console.warn("[live fidelity] CLI comparison skipped: docker CLI 28.2.2 not found");

/** Unique per run, so real containers never collide with anyone else's. */
const P = `fid${process.pid}${Date.now().toString(36)}`;

interface Script {
  name: string;
  script: string;
  norm?: NormOptions;
}

const SCRIPTS: Script[] = [
  {
    name: "run: output streams and exit codes",
    script: `docker run --rm busybox echo hi; echo "rc=$?"
docker run --rm busybox sh -c 'echo out; echo err >&2; exit 5'; echo "rc=$?"
docker run --rm -e FOO=bar busybox sh -c 'echo $FOO'
docker run --rm busybox cat /nonexist; echo "rc=$?"
docker run --rm busybox ls /nonexist; echo "rc=$?"`,
  },
  {
    name: "run: start failures (127, 126) and usage errors",
    script: `docker run --rm busybox nosuchcmd; echo "rc=$?"
docker run --rm busybox /etc; echo "rc=$?"
docker run; echo "rc=$?"
docker run --nosuchflag busybox; echo "rc=$?"
docker ps --nosuchflag; echo "rc=$?"
docker logs; echo "rc=$?"
docker nosuchcmd; echo "rc=$?"`,
  },
  {
    name: "inside the container: identity and files",
    script: `docker run --rm busybox sh -c 'pwd; whoami; id; ls /; head -3 /etc/passwd; hostname | wc -c'
docker run --name ${P}hn busybox hostname > /tmp/${P}.host
docker inspect --format '{{.Id}}' ${P}hn | cut -c1-12 | diff - /tmp/${P}.host && echo same-id
docker rm ${P}hn; rm -f /tmp/${P}.host`,
  },
  {
    name: "lifecycle: run -d, exec, stop, start, kill, rm",
    script: `docker run -d --name ${P}web busybox sleep 1000 > /dev/null
docker ps --filter name=${P}
docker exec ${P}web sh -c 'exit 4'; echo "rc=$?"
docker exec ${P}web nosuchcmd; echo "rc=$?"
docker exec ${P}web ls /etc/hostname
docker exec ${P}web uname -s
docker exec ${P}web hostname | wc -c
docker stop -t 1 ${P}web
docker ps -a --filter name=${P} --format '{{.Names}} {{.Status}}'
docker exec ${P}web ls; echo "rc=$?"
docker start ${P}web
docker kill ${P}web
docker kill ${P}web; echo "rc=$?"
docker ps -a --filter name=${P} --format '{{.Names}} {{.Status}}'
docker rm ${P}web`,
  },
  {
    name: "missing containers and name conflicts",
    script: `docker create --name ${P}c busybox true > /dev/null
docker create --name ${P}c busybox true; echo "rc=$?"
docker rm ${P}c ${P}nosuch; echo "rc=$?"
docker rm -f ${P}nosuch; echo "rc=$?"
docker stop ${P}nosuch; echo "rc=$?"
docker start ${P}nosuch; echo "rc=$?"
docker logs ${P}nosuch; echo "rc=$?"
docker exec ${P}nosuch ls; echo "rc=$?"
docker inspect ${P}nosuch; echo "rc=$?"
docker wait ${P}nosuch; echo "rc=$?"`,
  },
  {
    name: "ps: states, quoting, truncation, formats",
    script: `docker create --name ${P}q busybox echo 'a b' "it's" 'x"y' '' c > /dev/null
docker run --name ${P}x busybox sh -c 'exit 3'
docker run -d --name ${P}l busybox sh -c 'while true; do sleep 1; done' > /dev/null
docker ps -a --filter name=${P}
docker ps --filter name=${P} --format '{{.Names}}'
docker ps -a --no-trunc --filter name=${P}q --format '{{.Command}}'
docker ps -a --filter name=${P} --format '{{.Names}}\t{{.Status}}'
docker rm -f ${P}q ${P}x ${P}l`,
  },
  {
    name: "logs and wait",
    script: `docker run -d --name ${P}lg busybox sh -c 'echo out; echo err >&2; exit 2' > /dev/null
docker wait ${P}lg
docker logs ${P}lg
docker logs -t ${P}lg
docker rm ${P}lg
# (--tail on mixed streams races in real Docker: stdout and stderr are logged by two copiers)
docker run --name ${P}lt busybox sh -c 'echo one; echo two; echo three' > /dev/null
docker logs --tail 2 ${P}lt
docker logs --tail 0 ${P}lt
docker rm ${P}lt`,
  },
  {
    name: "stdin and tty without a terminal",
    script: `echo 'echo from-stdin' | docker run -i --rm busybox sh
echo | docker run -it --rm busybox sh; echo "rc=$?"
echo | docker run -t --rm busybox echo hi | tr '\\r' R`,
  },
  {
    name: "images: tag, list, rmi",
    norm: { sizes: true },
    script: `docker images busybox --format '{{.Repository}}:{{.Tag}}'
docker tag busybox ${P}img:1.0
docker images ${P}img
docker images ${P}img --format '{{.Repository}} {{.Tag}}'
docker rmi ${P}img:1.0
docker rmi ${P}nosuch; echo "rc=$?"
docker images ${P}img`,
  },
];

async function inSim(script: string): Promise<Output> {
  const m = await createMachine({ clock: "virtual" });
  const pulled = await m.run("docker pull -q busybox");
  if (pulled.exitCode !== 0) throw new Error(`simulator could not pull busybox: ${pulled.stderr}`);
  const r = await m.run(script);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

function diff(real: Output, sim: Output, norm?: NormOptions): void {
  const want = normalise(
    { stdout: modernise(real.stdout, ""), stderr: modernise(real.stderr, ""), exitCode: real.exitCode },
    norm,
  );
  const got = normalise(sim, norm);
  for (const s of ["stdout", "stderr"] as const)
    if (tableLayoutOk(sim[s]) === false) expect.fail(`simulator ${s} is not a tabwriter table:\n${sim[s]}`);
  expect(got).toEqual(want);
}

describe.skipIf(!env.live)(
  env.live ? "live: real dockerd vs simulator" : `live: real dockerd vs simulator — SKIPPED: ${env.why}`,
  () => {
    afterAll(() => {
      sh(`ids=$(docker ps -aq --filter name=${P}); [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
docker rmi ${P}img:1.0 >/dev/null 2>&1; rm -f /tmp/${P}.*; true`);
    });

    for (const s of SCRIPTS) {
      it(s.name, { timeout: 180_000 }, async () => {
        const real = sh(s.script);
        const sim = await inSim(s.script);
        diff(real, sim, s.norm);
      });
    }
  },
);

// ---------------------------------------------------------------------------
// CLI-only: help texts and usage errors never reach the daemon, so the
// docker CLI binary is the oracle even when no daemon runs.
// ---------------------------------------------------------------------------
// The real CLI runs with no daemon (an unreachable DOCKER_HOST) so the result does not depend on
// one. Help that the CLI gates on the daemon's API version is left out: with no daemon it shows
// `checkpoint` (docker, docker --help), `images --tree`, `rmi --platform`, `image inspect --platform`.
const CLI_ONLY = [
  "docker nosuchcmd",
  "docker --nosuchflag",
  "docker -x",
  "docker container",
  "docker image --help",
  "docker system",
  "docker container nosuch",
  "docker ps a",
  "docker images a b",
  "docker version x",
  "docker port",
  "docker run --rm=maybe busybox",
  "docker ps -n abc",
  ...["ps", "container ls", "logs", "rm", "stop", "kill", "wait", "pull", "tag", "port"].map(
    (c) => `docker ${c} --help`,
  ),
  ...["inspect", "container inspect", "version", "info"].map((c) => `docker ${c} --help`),
];

describe.skipIf(!env.cli)(
  env.cli
    ? "live: docker CLI 28.2.2 vs simulator (CLI-only output)"
    : "live: docker CLI 28.2.2 vs simulator — SKIPPED: CLI 28.2.2 not found",
  () => {
    for (const cmd of CLI_ONLY) {
      it(cmd, async () => {
        const real = sh(`DOCKER_HOST=unix:///nonexistent/docker.sock ${cmd}`, 20_000);
        const m = await createMachine({ clock: "virtual" });
        const r = await m.run(cmd);
        expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual(real);
      });
    }
  },
);
