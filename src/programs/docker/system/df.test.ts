import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker system df", () => {
  it("sums images, containers, volumes and build cache like docker/cli", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web -v data:/data busybox sleep 1000");
    await run(m, "docker run --name job busybox sh -c 'echo hi > /f'");
    await run(m, "docker volume create orphan");
    expect(await run(m, "docker system df")).toEqual({
      out: [
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE",
        "Images          1         1         4.26MB    0B (0%)",
        "Containers      2         1         3B        3B (100%)",
        "Local Volumes   2         1         0B        0B",
        "Build Cache     0         0         0B        0B",
        "",
      ].join("\n"),
      err: "",
      code: 0,
    });
    expect((await run(m, "docker system df --format '{{.Type}}={{.TotalCount}}'")).out).toBe(
      "Images=1\nContainers=2\nLocal Volumes=2\nBuild Cache=0\n",
    );
    expect((await run(m, "docker system df --format json")).out.split("\n")[0]).toBe(
      '{"Active":"1","Reclaimable":"0B (0%)","Size":"4.26MB","TotalCount":"1","Type":"Images"}',
    );
  });

  it("-v lists every image, container and volume", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web -v data:/data busybox sleep 1000");
    const r = (await run(m, "docker system df -v")).out;
    expect(r).toMatch(
      /^Images space usage:\n\nREPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {7}SIZE {6}SHARED SIZE {3}UNIQUE SIZE {3}CONTAINERS\nbusybox {6}latest {4}[0-9a-f]{12} {3}2 years ago {3}4.26MB {4}0B {12}4.26MB {8}1\n\nContainers space usage:\n\nCONTAINER ID {3}IMAGE {5}COMMAND {8}LOCAL VOLUMES {3}SIZE {6}CREATED {18}STATUS {18}NAMES\n[0-9a-f]{12} {3}busybox {3}"sleep 1000" {3}1 {15}0B {8}Less than a second ago {3}Up Less than a second {3}web\n\nLocal Volumes space usage:\n\nVOLUME NAME {3}LINKS {5}SIZE\ndata {10}1 {9}0B\n\nBuild cache usage: 0B\n\nCACHE ID {3}CACHE TYPE {3}SIZE {6}CREATED {3}LAST USED {3}USAGE {5}SHARED\n$/,
    );
    expect((await run(m, "docker system df a")).err).toContain("'docker system df' accepts no arguments");
  });
});
