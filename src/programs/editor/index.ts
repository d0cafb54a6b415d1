/**
 * `code FILE…` and `edit FILE…` on the host: open files of the host in the
 * editor beside the terminal (the browser's Monaco tab).
 *
 * Like VS Code's `code`, a FILE that does not exist yet is created empty, so
 * `code Dockerfile` is the way to start a new Dockerfile. The program only
 * resolves and creates the file; the machine hands the open request to
 * whoever shows the machine (the worker posts `openEditor` to the UI). Without
 * anyone to show it (`npm run sim`, tests without a listener) it says so in
 * one line and exits 1 without touching the filesystem.
 */
import type { Program, ProgramContext } from "../../machine/program";

/** What the programs need from the machine (the `Machine` implements it). */
export interface EditorHost {
  /** Whether an editor is attached (the browser UI); false in `npm run sim`. */
  editorAvailable(): boolean;
  /** Ask the attached editor to open an absolute path of the host. */
  openEditor(path: string): void;
}

const USAGE = (name: string) =>
  `Usage: ${name} FILE...\n\nOpen each FILE in the editor beside the terminal. A FILE that does not exist is created empty.\n`;

/** One program that serves both names; `name` only changes the messages. */
export function editorProgram(host: EditorHost): Program {
  return async (ctx: ProgramContext) => {
    const name = ctx.name;
    const files: string[] = [];
    let endOfOptions = false;
    for (const a of ctx.args) {
      if (!endOfOptions && a === "--") endOfOptions = true;
      else if (!endOfOptions && (a === "-h" || a === "--help")) {
        ctx.stdout(USAGE(name));
        return 0;
      } else if (!endOfOptions && a.startsWith("-") && a !== "-") {
        ctx.stderr(`${name}: unknown option '${a}'\nTry '${name} --help' for more information.\n`);
        return 1;
      } else files.push(a);
    }
    if (files.length === 0) {
      ctx.stderr(USAGE(name));
      return 1;
    }
    if (!host.editorAvailable()) {
      ctx.stderr(`${name}: no editor is available here; edit files with the editor in the browser app\n`);
      return 1;
    }
    let status = 0;
    for (const file of files) {
      const path = await prepare(ctx, name, file);
      if (path) host.openEditor(path);
      else status = 1;
    }
    return status;
  };
}

/** Resolve FILE against the cwd and create it empty if missing. Returns the absolute path, or null after an error message. */
async function prepare(ctx: ProgramContext, name: string, file: string): Promise<string | null> {
  const path = ctx.fs.resolvePath(ctx.cwd, file);
  try {
    const st = await ctx.fs.stat(path);
    if (st.isDirectory) {
      ctx.stderr(`${name}: ${file}: Is a directory\n`);
      return null;
    }
    return path;
  } catch {
    // missing: create it below
  }
  try {
    await ctx.fs.writeFile(path, "");
    return path;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === "ENOTDIR" ? "Not a directory" : code === "EISDIR" ? "Is a directory" : "No such file or directory";
    ctx.stderr(`${name}: cannot create '${file}': ${why}\n`);
    return null;
  }
}

/** The host's `code` and `edit` (spread into the machine's host programs). */
export function editorPrograms(host: EditorHost): Record<string, Program> {
  const program = editorProgram(host);
  return { code: program, edit: program };
}
