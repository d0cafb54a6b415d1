/**
 * nginx as the official image runs it: the entrypoint's notices on stdout,
 * nginx's start-up notices on stderr, then it serves until SIGQUIT/SIGTERM.
 */
import { textResponse } from "../../machine/network";
import type { Program, ProgramContext } from "../../machine/program";

const stamp = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

export const nginx: Program = async (ctx) => {
  if (ctx.args.includes("-v") || ctx.args.includes("-V")) {
    ctx.stderr("nginx version: nginx/1.27.2\n");
    return 0;
  }
  if (ctx.args.includes("-t")) {
    ctx.stderr(
      "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n",
    );
    return 0;
  }
  const t = stamp(ctx.clock.now());
  ctx.stderr(
    [
      `${t} [notice] 1#1: using the "epoll" event method`,
      `${t} [notice] 1#1: nginx/1.27.2`,
      `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)`,
      `${t} [notice] 1#1: OS: Linux ${ctx.system.kernelRelease}`,
      `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${t} [notice] 1#1: start worker processes`,
      `${t} [notice] 1#1: start worker process 29`,
      `${t} [notice] 1#1: start worker process 30`,
      "",
    ].join("\n"),
  );
  const close = ctx.listen(80, (req) =>
    serve(ctx, req.method, req.path, req.remoteAddr, req.headers["user-agent"] ?? "-"),
  );
  await new Promise<void>((resolve) => {
    ctx.onSignal((sig) => {
      if (sig === "SIGQUIT" || sig === "SIGTERM" || sig === "SIGINT") {
        const s = stamp(ctx.clock.now());
        const n = sig === "SIGQUIT" ? 3 : sig === "SIGTERM" ? 15 : 2;
        ctx.stderr(
          `${s} [notice] 1#1: signal ${n} (${sig}) received, ${sig === "SIGQUIT" ? "shutting down" : "exiting"}\n`,
        );
        resolve();
      }
    });
    ctx.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  close();
  return 0;
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n: number) => String(n).padStart(2, "0");

function logTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}
function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

const NOT_FOUND = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.2</center>\r\n</body>\r\n</html>\r\n`;

/** Serve a file from the default server's root, and log the request like nginx's access log. */
async function serve(ctx: ProgramContext, method: string, rawPath: string, remote: string, agent: string) {
  const path = decodeURIComponent(rawPath.split("?")[0] || "/");
  const root = "/usr/share/nginx/html";
  let file = `${root}${path}`;
  let body: Uint8Array | null = null;
  let mtime = ctx.clock.now();
  try {
    let st = await ctx.fs.stat(file);
    if (st.isDirectory) {
      file = `${file.replace(/\/$/, "")}/index.html`;
      st = await ctx.fs.stat(file);
    }
    body = await ctx.fs.readFileBuffer(file);
    mtime = st.mtime.getTime();
  } catch {
    body = null;
  }
  const now = ctx.clock.now();
  const res = body
    ? {
        status: 200,
        statusText: "OK",
        headers: {
          server: "nginx/1.27.2",
          date: httpDate(now),
          "content-type": file.endsWith(".css")
            ? "text/css"
            : file.endsWith(".html") || file.endsWith(".htm")
              ? "text/html"
              : "text/plain",
          "content-length": String(body.length),
          "last-modified": httpDate(mtime),
          connection: "keep-alive",
          etag: `"${Math.floor(mtime / 1000).toString(16)}-${body.length.toString(16)}"`,
          "accept-ranges": "bytes",
        },
        body: method === "HEAD" ? new Uint8Array() : body,
      }
    : textResponse(404, "Not Found", NOT_FOUND, {
        server: "nginx/1.27.2",
        date: httpDate(now),
        "content-type": "text/html",
        connection: "keep-alive",
      });
  const size = body ? body.length : NOT_FOUND.length;
  ctx.stdout(
    `${remote} - - [${logTime(now)}] "${method} ${rawPath} HTTP/1.1" ${res.status} ${size} "-" "${agent}" "-"\n`,
  );
  return res;
}

/** The entrypoint script's notices before it execs nginx. */
export const entrypointNotices = [
  "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
  "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
  "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
  "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
  "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
  "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

/** /docker-entrypoint.sh: print the notices, then run the command it was given. */
export const dockerEntrypoint: Program = async (ctx) => {
  if (ctx.args[0] === "nginx" || ctx.args[0] === "nginx-debug") ctx.stdout(`${entrypointNotices.join("\n")}\n`);
  if (ctx.args.length === 0) return 0;
  const quoted = ctx.args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  if (ctx.args[0] === "nginx") return nginx({ ...ctx, name: "nginx", args: ctx.args.slice(1) });
  const r = await ctx.exec(quoted);
  ctx.stdout(r.stdout);
  ctx.stderr(r.stderr);
  return r.exitCode;
};
