import { type DockerCli, StatusError } from "./cli";
import { compileTemplate, TemplateError } from "./template";

/**
 * Print inspect results like docker/cli: a JSON array indented with four
 * spaces, or one template line per object; objects not found are reported
 * after the output, with exit 1.
 */
export function printInspect(
  cli: DockerCli,
  found: unknown[],
  missing: string[],
  format: string,
  what: string,
): number {
  if (format) {
    let t: (dot: unknown) => string;
    try {
      t = compileTemplate(format);
    } catch (e) {
      if (e instanceof TemplateError) throw new StatusError(`${e.message}\n`, 1);
      throw e;
    }
    for (const obj of found) {
      try {
        cli.out(`${t(obj)}\n`);
      } catch (e) {
        if (e instanceof TemplateError) throw new StatusError(`${e.message}\n`, 1);
        throw e;
      }
    }
  } else cli.out(`${found.length ? JSON.stringify(found, null, 4) : "[]"}\n`);
  for (const m of missing) cli.err(`Error: No such ${what}: ${m}\n`);
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
  const missing: string[] = [];
  for (const n of names) {
    try {
      found.push(await get(n));
    } catch {
      missing.push(n);
    }
  }
  return printInspect(cli, found, missing, format, what);
}
