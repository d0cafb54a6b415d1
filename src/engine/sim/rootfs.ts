/**
 * Root filesystems of the simulated Docker Hub images. Each builder returns the
 * files a learner would find in the real image: os-release, shells, the package
 * manager and the binaries the image is known for. Executables hold a short
 * marker instead of machine code; which commands exist follows from these files.
 */
type Entries = Record<string, string | { symlink: string } | { mode: number; content: string }>;

const exe = (name: string) => ({ mode: 0o755, content: `\u007fELF ${name}\n` });

/** Busybox applets this simulator can run, as the busybox binary would provide them. */
export const BUSYBOX_APPLETS = [
  "ash",
  "awk",
  "base64",
  "basename",
  "cat",
  "chmod",
  "cp",
  "cut",
  "date",
  "dd",
  "df",
  "diff",
  "dirname",
  "du",
  "echo",
  "env",
  "expr",
  "false",
  "find",
  "free",
  "grep",
  "egrep",
  "fgrep",
  "gunzip",
  "gzip",
  "head",
  "hostname",
  "id",
  "ip",
  "kill",
  "ln",
  "ls",
  "md5sum",
  "mkdir",
  "mktemp",
  "mv",
  "nc",
  "nproc",
  "nslookup",
  "od",
  "ping",
  "printenv",
  "printf",
  "ps",
  "pwd",
  "readlink",
  "realpath",
  "rm",
  "rmdir",
  "sed",
  "seq",
  "sh",
  "sha256sum",
  "sleep",
  "sort",
  "stat",
  "tac",
  "tail",
  "tar",
  "tee",
  "test",
  "time",
  "top",
  "touch",
  "tr",
  "true",
  "uname",
  "uniq",
  "uptime",
  "vi",
  "wc",
  "wget",
  "which",
  "whoami",
  "xargs",
  "yes",
];

const COREUTILS = [
  "base64",
  "basename",
  "cat",
  "chmod",
  "cp",
  "cut",
  "date",
  "dd",
  "df",
  "dirname",
  "du",
  "echo",
  "env",
  "expr",
  "false",
  "head",
  "id",
  "ln",
  "ls",
  "md5sum",
  "mkdir",
  "mktemp",
  "mv",
  "od",
  "printenv",
  "printf",
  "pwd",
  "readlink",
  "realpath",
  "rm",
  "rmdir",
  "seq",
  "sha256sum",
  "sleep",
  "sort",
  "stat",
  "tac",
  "tail",
  "tee",
  "test",
  "touch",
  "tr",
  "true",
  "uname",
  "uniq",
  "wc",
  "whoami",
  "xargs",
  "yes",
];
const DEBIAN_BASE = [
  ...COREUTILS,
  "bash",
  "dash",
  "grep",
  "egrep",
  "fgrep",
  "sed",
  "gzip",
  "gunzip",
  "tar",
  "find",
  "xargs",
  "diff",
  "hostname",
  "kill",
  "ps",
  "top",
  "uptime",
  "which",
  "apt",
  "apt-get",
  "apt-cache",
  "dpkg",
  "dpkg-query",
  "mawk",
  "awk",
];

function commonEtc(hostsOnly = false): Entries {
  const e: Entries = {
    "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    "/etc/group": "root:x:0:\nnogroup:x:65534:\n",
    "/etc/hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    "/etc/hostname": "",
    "/etc/resolv.conf": "nameserver 8.8.8.8\n",
    "/root/": "",
    "/tmp/": "",
    "/dev/": "",
    "/proc/": "",
    "/sys/": "",
  };
  if (!hostsOnly) {
    e["/home/"] = "";
    e["/var/"] = "";
  }
  return e;
}

/** The official busybox image's accounts (so `id` says groups=0(root),10(wheel)). */
const BUSYBOX_PASSWD = [
  "root:x:0:0:root:/root:/bin/sh",
  "daemon:x:1:1:daemon:/usr/sbin:/bin/false",
  "bin:x:2:2:bin:/bin:/bin/false",
  "sys:x:3:3:sys:/dev:/bin/false",
  "sync:x:4:100:sync:/bin:/bin/sync",
  "mail:x:8:8:mail:/var/spool/mail:/bin/false",
  "www-data:x:33:33:www-data:/var/www:/bin/false",
  "operator:x:37:37:Operator:/var:/bin/false",
  "nobody:x:65534:65534:nobody:/home:/bin/false",
  "",
].join("\n");
const BUSYBOX_GROUP = [
  "root:x:0:",
  "daemon:x:1:",
  "bin:x:2:",
  "sys:x:3:",
  "adm:x:4:",
  "tty:x:5:",
  "disk:x:6:",
  "lp:x:7:",
  "mail:x:8:",
  "kmem:x:9:",
  "wheel:x:10:root",
  "cdrom:x:11:",
  "dialout:x:18:",
  "floppy:x:19:",
  "video:x:28:",
  "audio:x:29:",
  "tape:x:32:",
  "www-data:x:33:",
  "operator:x:37:",
  "utmp:x:43:",
  "plugdev:x:46:",
  "staff:x:50:",
  "lock:x:54:",
  "netdev:x:82:",
  "users:x:100:",
  "nogroup:x:65534:",
  "",
].join("\n");

export function busyboxRootfs(): Entries {
  const e: Entries = {
    ...commonEtc(),
    "/bin/busybox": exe("busybox"),
    // Not in the official image, but just-bash treats a missing /usr/bin as "every command exists".
    "/usr/bin/": "",
    "/usr/sbin/": "",
    "/var/spool/mail/": "",
    "/var/www/": "",
  };
  e["/etc/passwd"] = BUSYBOX_PASSWD;
  e["/etc/group"] = BUSYBOX_GROUP;
  for (const a of BUSYBOX_APPLETS) e[`/bin/${a}`] = exe("busybox");
  return e;
}

/**
 * alpine-baselayout-data's accounts (Alpine 3.18 on): unlike Debian and busybox, group 65534 is
 * `nobody` and `nogroup` is 65533, so `id` as nobody says gid=65534(nobody).
 */
const ALPINE_PASSWD = [
  "root:x:0:0:root:/root:/bin/sh",
  "bin:x:1:1:bin:/bin:/sbin/nologin",
  "daemon:x:2:2:daemon:/sbin:/sbin/nologin",
  "adm:x:3:4:adm:/var/adm:/sbin/nologin",
  "lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin",
  "sync:x:5:0:sync:/sbin:/bin/sync",
  "shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown",
  "halt:x:7:0:halt:/sbin:/sbin/halt",
  "mail:x:8:12:mail:/var/mail:/sbin/nologin",
  "news:x:9:13:news:/usr/lib/news:/sbin/nologin",
  "uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin",
  "cron:x:16:16:cron:/var/spool/cron:/sbin/nologin",
  "ftp:x:21:21::/var/lib/ftp:/sbin/nologin",
  "sshd:x:22:22:sshd:/dev/null:/sbin/nologin",
  "games:x:35:35:games:/usr/games:/sbin/nologin",
  "ntp:x:123:123:NTP:/var/empty:/sbin/nologin",
  "guest:x:405:100:guest:/dev/null:/sbin/nologin",
  "nobody:x:65534:65534:nobody:/:/sbin/nologin",
  "",
].join("\n");
const ALPINE_GROUP = [
  "root:x:0:root",
  "bin:x:1:root,bin,daemon",
  "daemon:x:2:root,bin,daemon",
  "sys:x:3:root,bin",
  "adm:x:4:root,daemon",
  "tty:x:5:",
  "disk:x:6:root",
  "lp:x:7:lp",
  "kmem:x:9:",
  "wheel:x:10:root",
  "floppy:x:11:root",
  "mail:x:12:mail",
  "news:x:13:news",
  "uucp:x:14:uucp",
  "cron:x:16:cron",
  "audio:x:18:",
  "cdrom:x:19:",
  "dialout:x:20:root",
  "ftp:x:21:",
  "sshd:x:22:",
  "input:x:23:",
  "tape:x:26:root",
  "video:x:27:root",
  "netdev:x:28:",
  "kvm:x:34:kvm",
  "games:x:35:",
  "shadow:x:42:",
  "www-data:x:82:",
  "users:x:100:games",
  "ntp:x:123:",
  "abuild:x:300:",
  "utmp:x:406:",
  "ping:x:999:",
  "nogroup:x:65533:",
  "nobody:x:65534:",
  "",
].join("\n");

export function alpineRootfs(version: string): Entries {
  const e: Entries = {
    ...commonEtc(),
    "/bin/busybox": exe("busybox"),
    "/etc/alpine-release": `${version}\n`,
    "/etc/os-release": [
      'NAME="Alpine Linux"',
      "ID=alpine",
      `VERSION_ID=${version}`,
      `PRETTY_NAME="Alpine Linux v${version.split(".").slice(0, 2).join(".")}"`,
      'HOME_URL="https://alpinelinux.org/"',
      'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
      "",
    ].join("\n"),
    "/etc/apk/repositories": `https://dl-cdn.alpinelinux.org/alpine/v${version.split(".").slice(0, 2).join(".")}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v${version.split(".").slice(0, 2).join(".")}/community\n`,
    "/etc/apk/world": "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n",
    "/sbin/apk": exe("apk"),
    "/lib/apk/db/installed": "P:busybox\nP:musl\nP:apk-tools\nP:alpine-baselayout\n",
    "/lib/ld-musl-x86_64.so.1": exe("musl"),
    "/usr/bin/": "",
    "/usr/lib/": "",
    "/usr/local/bin/": "",
    "/srv/": "",
    "/opt/": "",
    "/mnt/": "",
    "/media/": "",
    "/run/": "",
  };
  for (const a of BUSYBOX_APPLETS) e[`/bin/${a}`] = { symlink: "/bin/busybox" };
  e["/etc/passwd"] = ALPINE_PASSWD;
  e["/etc/group"] = ALPINE_GROUP;
  return e;
}

function debianLike(osRelease: string, extra: Entries): Entries {
  const e: Entries = {
    ...commonEtc(),
    "/bin": { symlink: "usr/bin" },
    "/sbin": { symlink: "usr/sbin" },
    "/lib": { symlink: "usr/lib" },
    "/lib64": { symlink: "usr/lib64" },
    "/usr/sbin/": "",
    "/usr/lib/x86_64-linux-gnu/libc.so.6": exe("libc"),
    "/usr/lib64/ld-linux-x86-64.so.2": exe("ld"),
    "/usr/local/bin/": "",
    "/usr/share/": "",
    "/etc/os-release": { symlink: "../usr/lib/os-release" },
    "/usr/lib/os-release": osRelease,
    "/etc/apt/sources.list.d/": "",
    "/var/lib/dpkg/status":
      "Package: base-files\nStatus: install ok installed\n\nPackage: bash\nStatus: install ok installed\n\nPackage: coreutils\nStatus: install ok installed\n",
    "/var/lib/apt/lists/": "",
    "/var/log/": "",
    "/srv/": "",
    "/opt/": "",
    "/mnt/": "",
    "/media/": "",
    "/run/": "",
    "/boot/": "",
    "/etc/bash.bashrc": "# System-wide .bashrc file for interactive bash(1) shells.\n",
    "/root/.bashrc": "# ~/.bashrc: executed by bash(1) for non-login shells.\n",
    "/root/.profile": "# ~/.profile: executed by Bourne-compatible login shells.\n",
    ...extra,
  };
  for (const c of DEBIAN_BASE) e[`/usr/bin/${c}`] = exe(c);
  e["/usr/bin/sh"] = { symlink: "dash" };
  e["/etc/passwd"] =
    "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
  return e;
}

export function ubuntuRootfs(version: "22.04" | "24.04"): Entries {
  const info =
    version === "24.04"
      ? { full: "24.04.1 LTS", code: "noble", name: "Noble Numbat" }
      : { full: "22.04.5 LTS", code: "jammy", name: "Jammy Jellyfish" };
  const os = [
    `PRETTY_NAME="Ubuntu ${info.full}"`,
    'NAME="Ubuntu"',
    `VERSION_ID="${version}"`,
    `VERSION="${info.full} (${info.name})"`,
    `VERSION_CODENAME=${info.code}`,
    "ID=ubuntu",
    "ID_LIKE=debian",
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    `UBUNTU_CODENAME=${info.code}`,
    "",
  ].join("\n");
  return debianLike(os, {
    "/etc/debian_version": version === "24.04" ? "trixie/sid\n" : "bookworm/sid\n",
    "/etc/lsb-release": `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${version}\nDISTRIB_CODENAME=${info.code}\nDISTRIB_DESCRIPTION="Ubuntu ${info.full}"\n`,
    "/etc/apt/sources.list.d/ubuntu.sources": `Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: ${info.code} ${info.code}-updates ${info.code}-backports\nComponents: main universe restricted multiverse\n`,
    ...(version === "24.04" ? { "/home/ubuntu/": "" } : {}),
  });
}

export function debianRootfs(): Entries {
  const os = [
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    'NAME="Debian GNU/Linux"',
    'VERSION_ID="12"',
    'VERSION="12 (bookworm)"',
    "VERSION_CODENAME=bookworm",
    "ID=debian",
    'HOME_URL="https://www.debian.org/"',
    'SUPPORT_URL="https://www.debian.org/support"',
    'BUG_REPORT_URL="https://bugs.debian.org/"',
    "",
  ].join("\n");
  return debianLike(os, { "/etc/debian_version": "12.8\n" });
}

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The layer nginx adds on top of debian:bookworm-slim. */
export function nginxLayer(): Entries {
  return {
    "/usr/sbin/nginx": exe("nginx"),
    "/etc/nginx/nginx.conf":
      "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n",
    "/etc/nginx/conf.d/default.conf":
      "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n",
    "/etc/nginx/mime.types": "types {\n    text/html html htm;\n    text/css css;\n}\n",
    "/usr/share/nginx/html/index.html": NGINX_INDEX,
    "/usr/share/nginx/html/50x.html":
      "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n",
    "/var/log/nginx/access.log": { symlink: "/dev/stdout" },
    "/var/log/nginx/error.log": { symlink: "/dev/stderr" },
    "/var/cache/nginx/": "",
    "/docker-entrypoint.sh": { mode: 0o755, content: '#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n\nexec "$@"\n' },
    "/docker-entrypoint.d/": "",
    "/usr/bin/curl": exe("curl"),
  };
}

export function helloRootfs(): Entries {
  return { "/hello": exe("hello") };
}
