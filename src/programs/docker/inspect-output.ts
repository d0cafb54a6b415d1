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
