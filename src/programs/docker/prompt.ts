import type { DockerCli } from "./cli";

/**
 * docker/cli's confirmation prompt: the question on stdout, then one line from
 * stdin ("y" or "yes" proceeds). On a terminal the answer is typed (and echoed);
 * otherwise it is the first line of piped stdin, and no input means no.
 */
export async function confirm(cli: DockerCli, message: string): Promise<boolean> {
  cli.out(`${message} [y/N] `);
  let answer: string;
  if (cli.ctx.tty) {
    answer = await new Promise<string>((resolve) => {
      let line = "";
      const release = cli.ctx.claimInput((d) => {
        for (const ch of d) {
          if (ch === "\r" || ch === "\n") {
            cli.ctx.tty?.write("\n");
            release();
            resolve(line);
            return;
          }
          if (ch === "\x03") {
            cli.ctx.tty?.write("^C\n");
            release();
            resolve("");
            return;
          }
          if (ch === "\x7f") {
            if (line) {
              line = line.slice(0, -1);
              cli.ctx.tty?.write("\b \b");
            }
            continue;
          }
          line += ch;
          cli.ctx.tty?.write(ch);
        }
      });
    });
  } else answer = cli.ctx.stdin.split("\n")[0] ?? "";
  const a = answer.trim().toLowerCase();
  return a === "y" || a === "yes";
}
