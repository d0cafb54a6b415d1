import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker rename", () => {
  it("renames, and refuses invalid, taken and unchanged names with the daemon's words", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker create --name other busybox");
    expect(await run(m, "docker rename web /site")).toEqual({ out: "", err: "", code: 0 });
    expect((await run(m, "docker ps --format '{{.Names}}'")).out).toBe("site\n");
    expect(await run(m, "docker rename site site")).toEqual({
      out: "",
      err: "Error response from daemon: Renaming a container with the same name as its current name\nError: failed to rename container named site\n",
      code: 1,
    });
    expect((await run(m, "docker rename site _bad")).err).toBe(
      "Error response from daemon: Error when allocating new name: Invalid container name (/_bad), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\nError: failed to rename container named site\n",
    );
    const taken = await run(m, "docker rename site other");
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(
      /^Error response from daemon: Error when allocating new name: Conflict\. The container name "\/other" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\nError: failed to rename container named site\n$/,
    );
    expect(await run(m, "docker rename nosuch x1")).toEqual({
      out: "",
      err: "Error response from daemon: No such container: nosuch\nError: failed to rename container named nosuch\n",
      code: 1,
    });
    expect(await run(m, "docker rename site ' '")).toEqual({
      out: "",
      err: "Error: Neither old nor new names may be empty\n",
      code: 1,
    });
    expect((await run(m, "docker rename site")).err).toBe(
      "docker: 'docker rename' requires 2 arguments\n\nUsage:  docker rename CONTAINER NEW_NAME\n\nRun 'docker rename --help' for more information\n",
    );
  });

  it("the new name resolves on a user-defined network", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker network create net1");
    await run(m, "docker run -d --name db --network net1 busybox sleep 1000");
    await run(m, "docker rename db store");
    expect((await run(m, "docker run --rm --network net1 busybox ping -c 1 store")).code).toBe(0);
  });
});
