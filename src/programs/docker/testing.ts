/** Shared by the docker CLI's tests: a machine on a virtual clock with busybox pulled. */
import { createMachine, type Machine } from "../../machine/machine";

export async function machineWithBusybox(): Promise<Machine> {
  const m = await createMachine();
  const r = await m.run("docker pull -q busybox");
  if (r.exitCode !== 0) throw new Error(`pull failed: ${r.stderr}`);
  return m;
}

/** Run and return stdout, stderr and the exit code in one object for toEqual/toMatchObject. */
export async function run(m: Machine, script: string) {
  const r = await m.run(script);
  return { out: r.stdout, err: r.stderr, code: r.exitCode };
}
