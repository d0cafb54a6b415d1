/**
 * Shared by the live suites (live.test.ts, mistakes.live.test.ts): run a bash
 * script against a real docker (child_process) and the same script in a fresh
 * simulator, and compare the two after normalise.ts.
 */
import { spawnSync } from "node:child_process";
import { expect } from "vitest";
import { createMachine } from "../../src/machine/machine";
import { modernise, type NormOptions, normalise, type Output, tableLayoutOk } from "./normalise";

export const DOCKER = process.env.DOCKER ?? "docker";

export function sh(script: string, timeout = 120_000): Output {
  // The scripts say `docker`; make that the binary under test.
  const r = spawnSync("bash", ["-c", `docker() { command "$FIDELITY_DOCKER" "$@"; }\n${script}`], {
    encoding: "utf8",
    input: "",
    timeout,
    env: { ...process.env, FIDELITY_DOCKER: DOCKER },
  });
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", exitCode: r.status ?? -1 };
}

export function probe(): { live: boolean; cli: boolean; why: string } {
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

export async function inSim(script: string): Promise<Output> {
  const m = await createMachine({ clock: "virtual" });
  const pulled = await m.run("docker pull -q busybox");
  if (pulled.exitCode !== 0) throw new Error(`simulator could not pull busybox: ${pulled.stderr}`);
  const r = await m.run(script);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

/** Real output, modernised and normalised, next to the simulator's, normalised (optionally post-processed). */
export function compared(
  real: Output,
  sim: Output,
  norm?: NormOptions,
  post: (s: string) => string = (s) => s,
  /** The command modernise() reads names from (the container a 20.10 rm message refers to only by id). */
  cmd = "",
): { want: Output; got: Output } {
  const norm2 = (o: Output): Output => ({ stdout: post(o.stdout), stderr: post(o.stderr), exitCode: o.exitCode });
  const want = norm2(
    normalise(
      { stdout: modernise(real.stdout, cmd), stderr: modernise(real.stderr, cmd), exitCode: real.exitCode },
      norm,
    ),
  );
  const got = norm2(normalise(sim, norm));
  return { want, got };
}

export function diff(
  real: Output,
  sim: Output,
  norm?: NormOptions,
  post: (s: string) => string = (s) => s,
  cmd = "",
): void {
  const { want, got } = compared(real, sim, norm, post, cmd);
  for (const s of ["stdout", "stderr"] as const)
    if (tableLayoutOk(sim[s]) === false) expect.fail(`simulator ${s} is not a tabwriter table:\n${sim[s]}`);
  expect(got).toEqual(want);
}
