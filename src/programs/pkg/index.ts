/**
 * The package managers of the images: apk (alpine) and apt-get/apt (debian,
 * ubuntu). Installing a package writes its files into the container's
 * writable layer, so `RUN apk add curl` in a Dockerfile makes curl exist in
 * the image, and `docker diff` shows what it changed. The catalogue holds
 * the packages the course and common Dockerfiles use.
 */
import type { Program, ProgramContext } from "../../machine/program";

interface Pkg {
  version: string;
  /** Executables it puts in /usr/bin. */
  bins: string[];
  /** Packages it pulls in. */
  deps?: string[];
  sizeKb: number;
}

const APK: Record<string, Pkg> = {
  "ca-certificates": { version: "20240705-r0", bins: [], sizeKb: 680 },
  "brotli-libs": { version: "1.1.0-r2", bins: [], sizeKb: 340 },
  "c-ares": { version: "1.33.1-r0", bins: [], sizeKb: 180 },
  libcurl: { version: "8.9.1-r2", bins: [], deps: ["ca-certificates", "brotli-libs", "c-ares"], sizeKb: 420 },
  curl: { version: "8.9.1-r2", bins: ["curl"], deps: ["libcurl"], sizeKb: 260 },
  bash: { version: "5.2.26-r0", bins: ["bash"], sizeKb: 1200 },
  jq: { version: "1.7.1-r0", bins: ["jq"], sizeKb: 320 },
  tree: { version: "2.1.1-r0", bins: ["tree"], sizeKb: 60 },
  git: { version: "2.45.2-r0", bins: ["git"], deps: ["libcurl"], sizeKb: 12800 },
  python3: { version: "3.12.7-r0", bins: ["python3"], sizeKb: 46000 },
  nodejs: { version: "20.15.1-r0", bins: ["node"], sizeKb: 45000 },
  nginx: { version: "1.26.2-r0", bins: ["nginx"], sizeKb: 1500 },
  tzdata: { version: "2024b-r0", bins: [], sizeKb: 1500 },
  vim: { version: "9.1.0414-r0", bins: ["vim"], sizeKb: 17000 },
};

const APT: Record<string, Pkg> = {
  "ca-certificates": { version: "20240203", bins: [], sizeKb: 160 },
  libcurl4t64: { version: "8.5.0-2ubuntu10.5", bins: [], deps: ["ca-certificates"], sizeKb: 340 },
  curl: { version: "8.5.0-2ubuntu10.5", bins: ["curl"], deps: ["libcurl4t64"], sizeKb: 226 },
  wget: { version: "1.21.4-1ubuntu4.1", bins: ["wget"], sizeKb: 334 },
  "iputils-ping": { version: "3:20240117-1build1", bins: ["ping"], sizeKb: 44 },
  procps: { version: "2:4.0.4-4ubuntu3", bins: ["ps", "top", "uptime"], sizeKb: 709 },
  jq: { version: "1.7.1-3build1", bins: ["jq"], sizeKb: 65 },
  tree: { version: "2.1.1-2ubuntu3", bins: ["tree"], sizeKb: 47 },
  git: { version: "1:2.43.0-1ubuntu7.1", bins: ["git"], deps: ["libcurl4t64"], sizeKb: 3680 },
  python3: { version: "3.12.3-0ubuntu2", bins: ["python3"], sizeKb: 24000 },
  nginx: { version: "1.24.0-2ubuntu7.1", bins: ["nginx"], sizeKb: 520 },
  vim: { version: "2:9.1.0016-1ubuntu7.3", bins: ["vim"], sizeKb: 1700 },
};

const exe = (name: string) => `\u007fELF ${name}\n`;

function closure(cat: Record<string, Pkg>, names: string[]): string[] {
  const out: string[] = [];
  const visit = (n: string) => {
    if (out.includes(n)) return;
    for (const d of cat[n]?.deps ?? []) visit(d);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}

async function installed(ctx: ProgramContext, db: string): Promise<Set<string>> {
  try {
    return new Set((await ctx.fs.readFile(db)).split("\n").filter(Boolean));
  } catch {
    return new Set();
  }
}

async function install(ctx: ProgramContext, cat: Record<string, Pkg>, db: string, names: string[]): Promise<string[]> {
  const have = await installed(ctx, db);
  const todo = closure(cat, names).filter((n) => !have.has(n));
  for (const n of todo) {
    await ctx.fs.mkdir("/usr/bin", { recursive: true }).catch(() => {});
    for (const b of cat[n].bins) {
      await ctx.fs.writeFile(`/usr/bin/${b}`, exe(b));
      await ctx.fs.chmod(`/usr/bin/${b}`, 0o755);
    }
    have.add(n);
  }
  await ctx.fs.mkdir(db.slice(0, db.lastIndexOf("/")), { recursive: true }).catch(() => {});
  await ctx.fs.writeFile(db, `${[...have].join("\n")}\n`);
  return todo;
}

export const apk: Program = async (ctx) => {
  const [cmd, ...rest] = ctx.args.filter((a) => a !== "--no-cache" && a !== "-q" && a !== "--update");
  const release = ((await ctx.fs.readFile("/etc/alpine-release").catch(() => "3.20.3")) as string)
    .trim()
    .split(".")
    .slice(0, 2)
    .join(".");
  const fetch = () =>
    ctx.stdout(
      `fetch https://dl-cdn.alpinelinux.org/alpine/v${release}/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v${release}/community/x86_64/APKINDEX.tar.gz\n`,
    );
  const db = "/lib/apk/db/world.cc";
  switch (cmd) {
    case "--version":
    case "-V":
      ctx.stdout("apk-tools 2.14.4, compiled for x86_64.\n");
      return 0;
    case "update":
      fetch();
      ctx.stdout(
        `v${release}.3-0-g0000000 [https://dl-cdn.alpinelinux.org/alpine/v${release}/main]\nOK: 24166 distinct packages available\n`,
      );
      return 0;
    case "add": {
      const names = rest.filter((a) => !a.startsWith("-"));
      fetch();
      const missing = names.filter((n) => !APK[n]);
      if (missing.length) {
        ctx.stderr(
          `ERROR: unable to select packages:\n${missing.map((n) => `  ${n} (no such package):\n    required by: world[${n}]\n`).join("")}`,
        );
        return missing.length;
      }
      const added = await install(ctx, APK, db, names);
      for (const [i, n] of added.entries())
        ctx.stdout(`(${i + 1}/${added.length}) Installing ${n} (${APK[n].version})\n`);
      if (added.length) ctx.stdout("Executing busybox-1.36.1-r29.trigger\n");
      const count = 14 + (await installed(ctx, db)).size;
      const mib = Math.round(7 + [...(await installed(ctx, db))].reduce((s, n) => s + (APK[n]?.sizeKb ?? 0), 0) / 1024);
      ctx.stdout(`OK: ${mib} MiB in ${count} packages\n`);
      return 0;
    }
    case "info":
      ctx.stdout(
        [..."alpine-baselayout alpine-keys apk-tools busybox musl".split(" "), ...(await installed(ctx, db))]
          .map((n) => `${n}\n`)
          .join(""),
      );
      return 0;
    default:
      ctx.stderr(`apk-tools 2.14.4, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n`);
      return 1;
  }
};

/** apt-get and apt: an empty package list until `apt-get update`, as in the real images. */
export const aptGet: Program = async (ctx) => {
  const args = ctx.args;
  const cmd = args.find((a) => !a.startsWith("-"));
  const yes = args.some((a) => a === "-y" || a === "--yes" || a === "-qy" || a === "-yq");
  const lists = "/var/lib/apt/lists/cc-updated";
  const db = "/var/lib/dpkg/cc-installed";
  const codename =
    (await ctx.fs.readFile("/etc/os-release").catch(() => "")).match(/VERSION_CODENAME=(\w+)/)?.[1] ?? "noble";
  const ubuntu = !(await ctx.fs.readFile("/etc/os-release").catch(() => "")).includes("ID=debian");
  const mirror = ubuntu ? "http://archive.ubuntu.com/ubuntu" : "http://deb.debian.org/debian";
  if (ctx.system.uid !== undefined && ctx.system.uid !== 0) {
    ctx.stderr(
      "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n",
    );
    return 100;
  }
  switch (cmd) {
    case "update":
      ctx.stdout(
        `Get:1 ${mirror} ${codename} InRelease [256 kB]\nGet:2 ${mirror} ${codename}-updates InRelease [126 kB]\nGet:3 ${mirror} ${codename}/main amd64 Packages [1808 kB]\nFetched 2190 kB in 1s (2190 kB/s)\nReading package lists...\n`,
      );
      await ctx.fs.writeFile(lists, "updated\n");
      return 0;
    case "install": {
      const names = args.filter((a) => !a.startsWith("-") && a !== "install");
      ctx.stdout("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
      const updated = await ctx.fs.exists(lists);
      const unknown = names.find((n) => !updated || !APT[n]);
      if (unknown) {
        ctx.stderr(`E: Unable to locate package ${unknown}\n`);
        return 100;
      }
      const have = await installed(ctx, db);
      const todo = closure(APT, names).filter((n) => !have.has(n));
      if (!todo.length) {
        for (const n of names) ctx.stdout(`${n} is already the newest version (${APT[n].version}).\n`);
        ctx.stdout("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        return 0;
      }
      const kb = todo.reduce((s, n) => s + APT[n].sizeKb, 0);
      ctx.stdout(
        `The following NEW packages will be installed:\n  ${todo.join(" ")}\n0 upgraded, ${todo.length} newly installed, 0 to remove and 0 not upgraded.\nNeed to get ${kb} kB of archives.\nAfter this operation, ${Math.round(kb * 2.8)} kB of additional disk space will be used.\n`,
      );
      if (!yes) {
        ctx.stdout("Do you want to continue? [Y/n] Abort.\n");
        return 1;
      }
      for (const [i, n] of todo.entries())
        ctx.stdout(
          `Get:${i + 1} ${mirror} ${codename}/main amd64 ${n} amd64 ${APT[n].version} [${APT[n].sizeKb} kB]\n`,
        );
      ctx.stdout(`Fetched ${kb} kB in 0s (${kb} kB/s)\n`);
      await install(ctx, APT, db, names);
      for (const n of todo)
        ctx.stdout(`Selecting previously unselected package ${n}.\nUnpacking ${n} (${APT[n].version}) ...\n`);
      for (const n of todo) ctx.stdout(`Setting up ${n} (${APT[n].version}) ...\n`);
      return 0;
    }
    case "remove":
    case "clean":
    case "autoremove":
      return 0;
    default:
      ctx.stderr(cmd ? `E: Invalid operation ${cmd}\n` : "apt 2.7.14 (amd64)\nUsage: apt-get [options] command\n");
      return 100;
  }
};
