/**
 * The app's GatewayEngine builds, tags, commits and removes a session's own images through a real
 * classroom gateway (the classic builder's stream read as build steps), in the learner's names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { BuildStatus } from "../../src/engine/api/types";
import { GatewayEngine } from "../../src/engine/gateway/client";
import type { WebSocketCtor } from "../../src/engine/gateway/web";
import { type ChildGateway, engine, skipNote, startChildGateway } from "./harness";

const Ws = WebSocket as unknown as WebSocketCtor;
const TIMEOUT = 60_000;

describe.skipIf(!engine.ok)(`GatewayEngine builds the session's own images${skipNote}`, () => {
  let gw: ChildGateway;
  let g: GatewayEngine;

  beforeAll(async () => {
    gw = await startChildGateway();
    g = new GatewayEngine({ baseUrl: gw.url, WebSocket: Ws });
  }, TIMEOUT);

  afterAll(async () => {
    // Ending the session removes its images (the reaper's work), then the gateway goes.
    if (g?.token)
      await fetch(`${gw.url}api/session`, { method: "DELETE", headers: { Authorization: `Bearer ${g.token}` } });
    await gw?.destroy();
  }, TIMEOUT);

  it(
    "builds with steps and output, lists, tags, commits and removes in the learner's names",
    async () => {
      const steps: string[] = [];
      let logs = "";
      const context = new Map([
        [
          "Dockerfile",
          { content: 'FROM busybox\nRUN echo from-the-app | tee /app\nCMD ["cat", "/app"]\n', mode: 0o644 },
        ],
      ]);
      const { id } = await g.imageBuild(context, { t: ["webapp:1", "webapp:latest"] }, (s: BuildStatus) => {
        for (const v of s.vertexes ?? []) if (!v.completed) steps.push(v.name);
        for (const l of s.logs ?? []) logs += l.data;
      });
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(steps).toEqual([
        "[1/3] FROM busybox",
        "[2/3] RUN echo from-the-app | tee /app",
        '[3/3] CMD ["cat", "/app"]',
      ]);
      expect(logs).toContain("from-the-app");
      expect(logs).not.toContain("cc-");
      const tags = (await g.imageList()).flatMap((i) => i.RepoTags ?? []);
      expect(tags).toContain("webapp:1");
      expect(tags).toContain("webapp:latest");
      expect(tags.some((t) => t.startsWith("cc-"))).toBe(false);
      const history = await g.imageHistory("webapp:1");
      expect(history.map((h) => h.CreatedBy).join("\n")).not.toContain("io.container-classroom");

      const c = await g.containerCreate({ Image: "webapp:1", Cmd: ["sh", "-c", "echo more >> /app"] });
      await g.containerStart(c.Id);
      await g.containerWait(c.Id);
      // ps --filter ancestor= speaks the learner's image names, as it does to dockerd.
      for (const ancestor of ["webapp:1", "webapp", "busybox"]) {
        const ids = (await g.containerList({ all: true, filters: { ancestor: [ancestor] } })).map((x) => x.Id);
        expect(ids, `ancestor=${ancestor}`).toEqual([c.Id]);
      }
      expect(await g.containerList({ all: true, filters: { ancestor: ["hello-world"] } })).toEqual([]);
      const commit = await g.containerCommit({ container: c.Id, repo: "webapp", tag: "2", changes: ["ENV STAGE=2"] });
      expect((await g.imageInspect("webapp:2")).Id).toBe(commit.Id);
      await g.containerDelete(c.Id, { force: true });

      const removed = await g.imageDelete("webapp:2");
      expect(removed[0]).toEqual({ Untagged: "webapp:2" });
      expect(await g.imageInspect("webapp:2").catch((e: Error) => e.message)).toBe("No such image: webapp:2");
    },
    TIMEOUT,
  );
});
