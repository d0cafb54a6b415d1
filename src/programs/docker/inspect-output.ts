import { type DockerCli, daemonError, StatusError } from "./cli";
import { compileTemplate, TemplateError } from "./template";

/**
 * Print inspect results like docker/cli: a JSON array indented with four
 * spaces, or one template line per object; objects not found are reported
 * after the output, with exit 1.
 */
export function printInspect(
  cli: DockerCli,
  found: unknown[],
  /** A name ("Error: No such <what>: name", as `docker inspect` words it) or the error to print as it is. */
  missing: (string | { message: string })[],
  format: string,
  what: string,
): number {
  if (format) {
    let t: (dot: unknown) => string;
    try {
      t = compileTemplate(format);
    } catch (e) {
      // docker/cli: cli.StatusError{StatusCode: 64, Status: "template parsing error: …"}
      if (e instanceof TemplateError) throw new StatusError(`template parsing error: ${e.message}\n`, 64);
      throw e;
    }
    const failed: string[] = [];
    for (const obj of found) {
      try {
        cli.out(`${t(obj)}\n`);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        // The objects are decoded JSON (maps of interface {}): a missing field of a map is a missing
        // key; a field of a string or a number cannot be evaluated in an interface {}.
        const message = e.message
          .replace(/(can't evaluate field \S+ in type) (?:string|number|boolean)$/, "$1 interface {}")
          .replace(/can't evaluate field (\S+) in type \S+$/, 'map has no entry for key "$1"');
        failed.push(`template parsing error: ${message}`);
      }
    }
    if (failed.length) {
      if (failed.length === found.length) cli.out("\n");
      for (const f of failed) cli.err(`${f}\n`);
      for (const m of missing) cli.err(`${typeof m === "string" ? `Error: No such ${what}: ${m}` : m.message}\n`);
      return 1;
    }
  } else cli.out(`${found.length ? JSON.stringify(found, null, 4) : "[]"}\n`);
  for (const m of missing) cli.err(`${typeof m === "string" ? `Error: No such ${what}: ${m}` : m.message}\n`);
  return missing.length ? 1 : 0;
}

/** Look each name up with `get`; print what was found and report what was not, as every inspect command does. */
export async function inspectEach(
  cli: DockerCli,
  names: string[],
  get: (name: string) => Promise<unknown>,
  format: string,
  what: string,
): Promise<number> {
  const found: unknown[] = [];
  const missing: { message: string }[] = [];
  for (const n of names) {
    try {
      found.push(await get(n));
    } catch (e) {
      // docker/cli's inspect.Inspect prints the API client's error as it is: the daemon's own
      // wording ("No such container: x", "get x: no such volume", "network x not found").
      missing.push({ message: daemonError(e) });
    }
  }
  return printInspect(cli, found, missing, format, what);
}
