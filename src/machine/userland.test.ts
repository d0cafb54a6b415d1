/**
 * The error words of file commands in a GNU userland (ubuntu, debian, the host), and xargs with
 * nothing to read. Expected text captured from coreutils 9.1 and findutils 4.9 on Debian 12, as
 * `su nobody -s /bin/bash -c '…'` for the permission cases. busybox's words are compared live
 * with the real busybox image in tests/fidelity/mistakes.live.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createMachine } from "./machine";

describe("GNU userland error words", () => {
  it("names the file cp, mv and ln could not create, and chmod's EPERM, as coreutils does", async () => {
    const m = await createMachine();
    expect((await m.run("docker pull -q ubuntu")).exitCode).toBe(0);
    const script = [
      "cd /tmp",
      "cp /etc/passwd /x",
      "mv /etc/passwd /tmp/",
      "ln -s /a /etc/l",
      "ln /etc/passwd /etc/l2",
      "chmod 777 /etc/passwd",
      "touch /nodir/x",
      "cp /etc/hostname /usr/bin/zz",
      "ln -s /a /tmp/q",
      "ln -s /a /tmp/q",
      "cp /etc/hostname /nodir/x",
      "cp /etc/hostname /nodir/",
      "chmod 777 /nosuch",
      "rm -f /etc/passwd",
      "rm -f /nosuch",
    ].join("; ");
    const r = await m.run(`docker run --rm -u nobody ubuntu sh -c '${script}' 2>&1`);
    expect(r.stdout).toBe(
      [
        "cp: cannot create regular file '/x': Permission denied",
        "mv: cannot move '/etc/passwd' to '/tmp/passwd': Permission denied",
        "ln: failed to create symbolic link '/etc/l': Permission denied",
        "ln: failed to create hard link '/etc/l2' => '/etc/passwd': Operation not permitted",
        "chmod: changing permissions of '/etc/passwd': Operation not permitted",
        "touch: cannot touch '/nodir/x': No such file or directory",
        "cp: cannot create regular file '/usr/bin/zz': Permission denied",
        "ln: failed to create symbolic link '/tmp/q': File exists",
        "cp: cannot create regular file '/nodir/x': No such file or directory",
        "cp: cannot create regular file '/nodir/': Not a directory",
        "chmod: cannot access '/nosuch': No such file or directory",
        "rm: cannot remove '/etc/passwd': Permission denied",
        "",
      ].join("\n"),
    );
  });

  it("runs the command once when xargs has nothing to read, unless -r", async () => {
    const m = await createMachine();
    expect(await m.run("printf '' | xargs echo hi; echo rc=$?")).toMatchObject({ stdout: "hi\nrc=0\n" });
    expect(await m.run("printf '' | xargs false; echo rc=$?")).toMatchObject({ stdout: "rc=123\n" });
    expect(await m.run("printf '' | xargs -r echo no; echo rc=$?")).toMatchObject({ stdout: "rc=0\n" });
    expect(await m.run("printf 'a b\\n' | xargs echo got")).toMatchObject({ stdout: "got a b\n" });
    const stop = await m.run("docker ps -q | xargs docker stop; echo rc=$?");
    expect(stop.stderr).toBe(
      "docker: 'docker stop' requires at least 1 argument\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker stop --help' for more information\n",
    );
    expect(stop.stdout).toBe("rc=123\n");
  });
});
