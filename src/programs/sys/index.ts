/**
 * System programs that report on the system they run in: uname, hostname, ps.
 * The same kernel is seen from every container and from the host.
 */
import type { Program } from "../../machine/program";

export const uname: Program = async (ctx) => {
  const s = ctx.system;
  const v = "#49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024";
  const fields: Record<string, string> = {
    s: "Linux",
    n: s.hostname,
    r: s.kernelRelease,
    v,
    m: "x86_64",
    o: "GNU/Linux",
    p: "x86_64",
    i: "x86_64",
  };
  let want: string[] = [];
  for (const a of ctx.args) {
    if (a === "-a" || a === "--all")
      want = s.userland === "busybox" ? ["s", "n", "r", "v", "m", "o"] : ["s", "n", "r", "v", "m", "p", "i", "o"];
    else if (/^-[snrvmopi]+$/.test(a)) want.push(...a.slice(1));
    else {
      ctx.stderr(
        s.userland === "busybox"
          ? `uname: unrecognized option '${a}'\n`
          : `uname: invalid option -- '${a.replace(/^-+/, "")}'\nTry 'uname --help' for more information.\n`,
      );
      return 1;
    }
  }
  if (want.length === 0) want = ["s"];
  const order = ["s", "n", "r", "v", "m", "p", "i", "o"];
  ctx.stdout(
    `${order
      .filter((k) => want.includes(k))
      .map((k) => fields[k])
      .join(" ")}\n`,
  );
  return 0;
};

export const hostname: Program = async (ctx) => {
  if (ctx.args.length && !ctx.args[0].startsWith("-")) {
    ctx.stderr("hostname: you must be root to change the host name\n");
    return 1;
  }
  // -i: the address the name resolves to: /etc/hosts' first line for it, the first network joined.
  if (ctx.args[0] === "-i") {
    const own = [...ctx.net.ns.addresses].find(([net]) => net !== "lo")?.[1];
    ctx.stdout(`${own ?? "127.0.0.1"}\n`);
    return 0;
  }
  ctx.stdout(`${ctx.system.hostname}\n`);
  return 0;
};

/** The CPUs the machine has (a container sees them all unless --cpuset-cpus; --cpus is a quota). */
export const nproc: Program = async (ctx) => {
  ctx.stdout("2\n");
  return 0;
};

export const ps: Program = async (ctx) => {
  const procs = ctx.system.processes();
  if (ctx.system.userland === "busybox") {
    let out = "PID   USER     TIME  COMMAND\n";
    for (const p of procs) out += `${String(p.pid).padStart(5)} ${p.user.padEnd(8)}  0:00 ${p.argv.join(" ")}\n`;
    ctx.stdout(out);
    return 0;
  }
  const full = ctx.args.some((a) => /^-?(e|ef|aux|ax)$/.test(a));
  let out = full ? "UID          PID    PPID  C STIME TTY          TIME CMD\n" : "    PID TTY          TIME CMD\n";
  for (const p of procs) {
    out += full
      ? `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.pid === 1 ? 0 : 1).padStart(7)}  0 09:00 ?        00:00:00 ${p.argv.join(" ")}\n`
      : `${String(p.pid).padStart(7)} pts/0    00:00:00 ${p.argv[0].split("/").pop()}\n`;
  }
  ctx.stdout(out);
  return 0;
};

const UNITS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** sleep as busybox and coreutils have it: seconds with an optional s/m/h/d suffix, several added up. */
export const sleep: Program = async (ctx) => {
  if (ctx.args.length === 0) {
    ctx.stderr(
      ctx.system.userland === "busybox"
        ? "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n"
        : "sleep: missing operand\nTry 'sleep --help' for more information.\n",
    );
    return 1;
  }
  let total = 0;
  for (const a of ctx.args) {
    if (a === "infinity" || a === "inf") {
      total = Number.POSITIVE_INFINITY;
      continue;
    }
    const m = a.match(/^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/);
    if (!m) {
      ctx.stderr(
        ctx.system.userland === "busybox"
          ? `sleep: invalid number '${a}'\n`
          : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`,
      );
      return 1;
    }
    total += Number(m[1]) * UNITS[m[2]];
  }
  if (total === Number.POSITIVE_INFINITY) {
    await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
    return 130;
  }
  try {
    await ctx.clock.sleep(total * 1000, ctx.signal);
  } catch {
    return 130;
  }
  return 0;
};

/**
 * The machine's memory as `free` reports it (busybox's columns), in KiB. A container sees the
 * host's memory, not its -m limit (which only the cgroup knows): a classic surprise, kept.
 */
const MEMORY_KIB = { total: 4_005_316, used: 626_944, shared: 1_240, cache: 600_320, available: 3_180_032 };

/** busybox's make_human_readable_str as free -h uses it: one decimal, K/M/G/T. */
function human(kib: number): string {
  if (kib === 0) return "0";
  const units = ["K", "M", "G", "T"];
  let v = kib;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)}${units[u]}`;
}

export const free: Program = async (ctx) => {
  const unit = ctx.args.find((a) => /^-[bkmgh]$/.test(a)) ?? "-k";
  const bad = ctx.args.find((a) => !/^-[bkmgh]$/.test(a));
  if (bad) {
    // busybox's free reads its own options: anything else is just the usage.
    ctx.stderr(
      "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: free [-bkmgh]\n\nDisplay free and used memory\n",
    );
    return 1;
  }
  const m = MEMORY_KIB;
  const free = m.total - m.used - m.cache;
  const show = (kib: number) =>
    unit === "-h"
      ? human(kib)
      : String(
          unit === "-b"
            ? kib * 1024
            : unit === "-m"
              ? Math.floor(kib / 1024)
              : unit === "-g"
                ? Math.floor(kib / 1024 / 1024)
                : kib,
        );
  const row = (label: string, cells: string[]) => `${label.padEnd(7)}${cells.map((c) => c.padStart(12)).join("")}`;
  ctx.stdout(
    [
      `${" ".repeat(7)}${["total", "used", "free", "shared", "buff/cache", "available"].map((h) => h.padStart(12)).join("")}`,
      row("Mem:", [m.total, m.used, free, m.shared, m.cache, m.available].map(show)),
      row("Swap:", ["0", "0", "0"]),
      "",
    ].join("\n"),
  );
  return 0;
};

/** `uptime`: the time, how long the machine has been up (containers share the host's kernel). */
export const uptime: Program = async (ctx) => {
  const now = ctx.clock.now();
  const up = Math.max(0, Math.floor((now - (ctx.system.bootedAt ?? now)) / 60_000));
  const days = Math.floor(up / 1440);
  const hours = Math.floor((up % 1440) / 60);
  const mins = up % 60;
  const since = `${days ? `${days} day${days === 1 ? "" : "s"}, ` : ""}${hours ? `${String(hours).padStart(2)}:${String(mins).padStart(2, "0")}` : `${mins} min`}`;
  const time = new Date(now).toISOString().slice(11, 19);
  ctx.stdout(` ${time} up ${since},  0 users,  load average: 0.08, 0.03, 0.01\n`);
  return 0;
};
