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
