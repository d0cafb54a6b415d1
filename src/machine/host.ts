/**
 * The simulated host: an Ubuntu-like machine named "classroom" with a user
 * "student". Its files form the base layer of the host filesystem.
 */
import { getCommandNames } from "just-bash";
import { type Layer, layerFrom } from "./layered-fs";

export const HOST = {
  hostname: "classroom",
  user: "student",
  home: "/home/student",
};

export const HOST_OS_RELEASE = [
  'PRETTY_NAME="Ubuntu 24.04.1 LTS"',
  'NAME="Ubuntu"',
  'VERSION_ID="24.04"',
  'VERSION="24.04.1 LTS (Noble Numbat)"',
  "VERSION_CODENAME=noble",
  "ID=ubuntu",
  "ID_LIKE=debian",
  'HOME_URL="https://www.ubuntu.com/"',
  'SUPPORT_URL="https://help.ubuntu.com/"',
  'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
  'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
  "UBUNTU_CODENAME=noble",
  "LOGO=ubuntu-logo",
  "",
].join("\n");

export function hostBaseLayer(extraCommands: string[]): Layer {
  const exe = (n: string) => ({ mode: 0o755, content: `\u007fELF ${n}\n` });
  const entries: Parameters<typeof layerFrom>[0] = {
    "/etc/os-release": HOST_OS_RELEASE,
    "/etc/hostname": `${HOST.hostname}\n`,
    "/etc/hosts": `127.0.0.1\tlocalhost\n127.0.1.1\t${HOST.hostname}\n`,
    "/etc/passwd": `root:x:0:0:root:/root:/bin/bash\n${HOST.user}:x:1000:1000:Student,,,:${HOST.home}:/bin/bash\n`,
    "/etc/group": `root:x:0:\ndocker:x:999:${HOST.user}\n${HOST.user}:x:1000:\n`,
    "/etc/docker/": "",
    "/var/run/docker.sock": "",
    "/var/lib/docker/": "",
    "/root/": "",
    "/tmp/": "",
    "/dev/": "",
    "/proc/": "",
    "/usr/local/bin/": "",
    "/usr/sbin/": "",
    "/opt/": "",
    [`${HOST.home}/.bashrc`]: "# ~/.bashrc: executed by bash(1) for non-login shells.\n",
    [`${HOST.home}/.profile`]: "# ~/.profile: executed by the command interpreter for login shells.\n",
  };
  for (const c of [...getCommandNames(), ...extraCommands]) entries[`/usr/bin/${c}`] = exe(c);
  entries["/bin"] = { symlink: "usr/bin" };
  entries["/sbin"] = { symlink: "usr/sbin" };
  // The day the classroom machine was installed (what `ls -l` shows for the system's files).
  return layerFrom(entries, HOST_INSTALLED);
}

export const HOST_INSTALLED = Date.parse("2024-09-12T06:14:00Z");
