/**
 * Busybox's network applets as alpine and busybox ship them: wget, ping and
 * nslookup, speaking busybox's words, over the simulated network.
 */
import { NetError } from "../../machine/network";
import type { Program, ProgramContext } from "../../machine/program";

export const wget: Program = async (ctx) => {
  let quiet = false;
  let output: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (a === "-q") quiet = true;
    else if (a === "-O") output = ctx.args[++i];
    else if (a.startsWith("-O")) output = a.slice(2);
    else if (/^-q?O-$/.test(a) || a === "-qO-") {
      quiet = true;
      output = "-";
    } else if (a.startsWith("-") && /q/.test(a) && /O$/.test(a)) {
      quiet = true;
      output = ctx.args[++i];
    } else if (a.startsWith("-")) continue;
    else url = a;
  }
  if (!url) {
    ctx.stderr(
      "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n",
    );
    return 1;
  }
  const full = url.includes("://") ? url : `http://${url}`;
  const host = full.replace(/^\w+:\/\//, "").split(/[/:?]/)[0];
  let res: Awaited<ReturnType<typeof ctx.net.network.request>>;
  try {
    if (!quiet) {
      const ip = ctx.net.network.resolve(ctx.net.ns, host);
      if (ip)
        ctx.stderr(
          `Connecting to ${host}${full.match(/:(\d+)/) ? `:${full.match(/:(\d+)/)?.[1]}` : ""} (${ip}:${full.match(/:(\d+)/)?.[1] ?? 80})\n`,
        );
    }
    res = await ctx.net.network.request(ctx.net.ns, full, { headers: { "user-agent": "Wget" } });
  } catch (e) {
    if (e instanceof NetError) {
      if (e.kind === "resolve") ctx.stderr(`wget: bad address '${host}'\n`);
      else
        ctx.stderr(
          `wget: can't connect to remote host (${ctx.net.network.resolve(ctx.net.ns, host) ?? host}): ${e.kind === "refused" ? "Connection refused" : "No route to host"}\n`,
        );
      return 1;
    }
    throw e;
  }
  if (res.status >= 400) {
    ctx.stderr(`wget: server returned error: HTTP/1.1 ${res.status} ${res.statusText}\n`);
    return 1;
  }
  const text = new TextDecoder().decode(res.body);
  if (output === "-") {
    ctx.stdout(text);
    return 0;
  }
  const file = output ?? (full.replace(/\?.*$/, "").split("/").slice(3).pop() || "index.html");
  const path = file.startsWith("/") ? file : `${ctx.cwd}/${file}`;
  if (await ctx.fs.exists(path).catch(() => false)) {
    if (!output) {
      ctx.stderr(`wget: can't open '${file}': File exists\n`);
      return 1;
    }
  }
  await ctx.fs.writeFile(path, res.body);
  if (!quiet)
    ctx.stderr(
      `saving to '${file}'\n${file.padEnd(20)} 100% |********************************|   ${res.body.length}  0:00:00 ETA\n'${file}' saved\n`,
    );
  return 0;
};

function rtt(ctx: ProgramContext, seq: number): string {
  return (0.05 + ((seq * 37 + ctx.clock.now()) % 60) / 1000).toFixed(3);
}

export const ping: Program = async (ctx) => {
  let count = Number.POSITIVE_INFINITY;
  let host: string | undefined;
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (a === "-c") count = Number(ctx.args[++i]);
    else if (a.startsWith("-c")) count = Number(a.slice(2));
    else if (!a.startsWith("-")) host = a;
  }
  if (!host) {
    ctx.stderr("BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n");
    return 1;
  }
  let target: { ip: string; reachable: boolean };
  try {
    target = ctx.net.network.ping(ctx.net.ns, host);
  } catch {
    ctx.stderr(`ping: bad address '${host}'\n`);
    return 1;
  }
  ctx.stdout(`PING ${host} (${target.ip}): 56 data bytes\n`);
  let sent = 0;
  let received = 0;
  const times: number[] = [];
  while (sent < count && !ctx.signal.aborted) {
    if (target.reachable) {
      const t = rtt(ctx, sent);
      times.push(Number(t));
      ctx.stdout(`64 bytes from ${target.ip}: seq=${sent} ttl=64 time=${t} ms\n`);
      received++;
    }
    sent++;
    if (sent < count) await ctx.clock.sleep(1000, ctx.signal).catch(() => {});
  }
  const loss = sent ? Math.round(((sent - received) / sent) * 100) : 0;
  ctx.stdout(
    `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${received} packets received, ${loss}% packet loss\n`,
  );
  if (times.length) {
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    ctx.stdout(
      `round-trip min/avg/max = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)} ms\n`,
    );
  }
  return received ? 0 : 1;
};

export const nslookup: Program = async (ctx) => {
  const host = ctx.args.find((a) => !a.startsWith("-"));
  if (!host) {
    ctx.stderr(
      "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n",
    );
    return 1;
  }
  if (!ctx.net.network.hasEmbeddedDns(ctx.net.ns) && host !== "localhost") {
    ctx.stdout(";; connection timed out; no servers could be reached\n\n");
    return 1;
  }
  const ip = ctx.net.network.resolve(ctx.net.ns, host);
  ctx.stdout("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n");
  if (!ip) {
    ctx.stdout(`** server can't find ${host}: NXDOMAIN\n\n`);
    return 1;
  }
  ctx.stdout(`Non-authoritative answer:\nName:\t${host}\nAddress: ${ip}\n\n`);
  return 0;
};

/**
 * curl (8.x) for the simulated network. just-bash's own curl does not work in
 * its browser build, so the machine brings this one everywhere.
 */
export const curl: Program = async (ctx) => {
  let silent = false;
  let showError = false;
  let include = false;
  let head = false;
  let fail = false;
  let method: string | undefined;
  let data: string | undefined;
  let output: string | undefined;
  let remoteName = false;
  let writeOut: string | undefined;
  const headers: Record<string, string> = { "user-agent": "curl/8.5.0", accept: "*/*" };
  let url: string | undefined;
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (a === "--version" || a === "-V") {
      ctx.stdout(
        "curl 8.9.1 (x86_64-pc-linux-gnu) libcurl/8.9.1 OpenSSL/3.3.2 zlib/1.3.1\nRelease-Date: 2024-07-31\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp smb smbs smtp smtps telnet tftp ws wss\nFeatures: alt-svc AsynchDNS HSTS HTTPS-proxy IPv6 Largefile libz SSL threadsafe UnixSockets\n",
      );
      return 0;
    }
    if (a === "--silent") silent = true;
    else if (a === "--show-error") showError = true;
    else if (a === "--include") include = true;
    else if (a === "--head") head = true;
    else if (a === "--fail") fail = true;
    else if (a === "--location") continue;
    else if (a === "--request") method = ctx.args[++i];
    else if (a === "--data" || a === "--data-raw") data = ctx.args[++i];
    else if (a === "--header") {
      const [k, ...v] = (ctx.args[++i] ?? "").split(":");
      headers[k.trim().toLowerCase()] = v.join(":").trim();
    } else if (a === "--output") output = ctx.args[++i];
    else if (a === "--write-out") writeOut = ctx.args[++i];
    else if (a.startsWith("--")) {
      ctx.stderr(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      return 2;
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const takeValue = () => {
          const rest = a.slice(j + 1);
          j = a.length;
          return rest || ctx.args[++i];
        };
        if (c === "s") silent = true;
        else if (c === "S") showError = true;
        else if (c === "i") include = true;
        else if (c === "I") head = true;
        else if (c === "f") fail = true;
        else if (c === "L" || c === "v" || c === "k") continue;
        else if (c === "O") remoteName = true;
        else if (c === "X") method = takeValue();
        else if (c === "d") data = takeValue();
        else if (c === "o") output = takeValue();
        else if (c === "w") writeOut = takeValue();
        else if (c === "H") {
          const [k, ...v] = (takeValue() ?? "").split(":");
          headers[k.trim().toLowerCase()] = v.join(":").trim();
        } else {
          ctx.stderr(
            `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
          );
          return 2;
        }
      }
    } else url = a;
  }
  const err = (code: number, msg: string) => {
    if (!silent || showError) ctx.stderr(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if (!url) {
    ctx.stderr("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const m = head ? "HEAD" : (method ?? (data !== undefined ? "POST" : "GET"));
  let res: Awaited<ReturnType<typeof ctx.net.network.request>>;
  try {
    res = await ctx.net.network.request(ctx.net.ns, url, { method: m, headers, body: data });
  } catch (e) {
    if (e instanceof NetError) {
      if (e.kind === "resolve") return err(6, `Could not resolve host: ${e.host}`);
      return err(7, `Failed to connect to ${e.host} port ${e.port} after 0 ms: Couldn't connect to server`);
    }
    throw e;
  }
  if (fail && res.status >= 400) return err(22, `The requested URL returned error: ${res.status}`);
  let out = "";
  if (include || head) {
    out += `HTTP/1.1 ${res.status} ${res.statusText}\r\n`;
    for (const [k, v] of Object.entries(res.headers))
      out += `${k.replace(/(^|-)([a-z])/g, (_s, p, c) => p + c.toUpperCase())}: ${v}\r\n`;
    out += "\r\n";
  }
  const body = head ? "" : new TextDecoder().decode(res.body);
  const target = output ?? (remoteName ? res.url.replace(/\?.*$/, "").split("/").pop() || "index.html" : undefined);
  if (target && target !== "-") {
    await ctx.fs.writeFile(target.startsWith("/") ? target : `${ctx.cwd}/${target}`, head ? out : res.body);
    if (!silent)
      ctx.stderr(
        `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100  ${String(res.body.length).padStart(4)}  100  ${String(res.body.length).padStart(4)}    0     0   100k      0 --:--:-- --:--:-- --:--:--  100k\n`,
      );
  } else ctx.stdout(out + body);
  if (writeOut)
    ctx.stdout(
      writeOut
        .replace(/%\{http_code\}/g, String(res.status))
        .replace(/%\{url_effective\}/g, res.url)
        .replace(/\\n/g, "\n"),
    );
  return 0;
};
