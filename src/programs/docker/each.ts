import { type DockerCli, daemonError } from "./cli";

/** Apply an action to each named object (container, volume, network), printing each name on success and each error as the CLI does. */
export async function forEachName(
  cli: DockerCli,
  names: string[],
  action: (name: string) => Promise<void>,
  failureSummary?: string,
): Promise<number> {
  const failed: string[] = [];
  for (const n of names) {
    try {
      await action(n);
      cli.out(`${n}\n`);
    } catch (e) {
      failed.push(n);
      cli.err(`${daemonError(e)}\n`);
    }
  }
  if (failed.length && failureSummary) cli.err(`Error: ${failureSummary}: ${failed.join(", ")}\n`);
  return failed.length ? 1 : 0;
}
