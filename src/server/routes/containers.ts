/**
 * The Engine API's containers and exec, in a session's view: create rebuilt by policy.ts, every
 * reference resolved in registry.ts, answers rewritten (names unprefixed, gateway labels hidden).
 */
import { LABEL_IMAGE, nameConflict } from "../compat";
import type { EngineClient } from "../engine";
import {
  type Ctx,
  ep,
  forbidden,
  type GatewayInternals,
  ID,
  type Obj,
  pick,
  qs,
  refuse,
  relay,
  SHARED_NETWORKS,
  stripLabels,
  unprefix,
} from "../gateway-internals";
import { HttpError, parseFilters, readBody, sendError, sendJson } from "../http-util";
import { unprefixImage } from "../own-images";
import { type PolicyContext, planContainerCreate, planExecCreate, sessionLabels } from "../policy";
import { displayName, namePrefix, VALID_NAME } from "../registry";
import type { ImageRoutes } from "./images";
import type { VolumeNetworkRoutes } from "./volumes-networks";

export class ContainerRoutes {
  constructor(
    private readonly gw: GatewayInternals,
    private readonly images: ImageRoutes,
    private readonly volumes: VolumeNetworkRoutes,
  ) {}

  /** Containers and exec. */
  define() {
    // Containers.
    this.gw.on("POST", /^\/containers\/create$/, async (ctx) => this.containerCreate(ctx));
    this.gw.on("GET", /^\/containers\/json$/, async (ctx) => {
      const list = await this.listContainers(ctx, pick(ctx, "all", "size", "limit", "filters"));
      sendJson(ctx.res, 200, list);
    });
    this.gw.on("POST", /^\/containers\/prune$/, async (ctx) => {
      const user = parseFilters(ctx.query.get("filters"));
      const filters = {
        ...(user.until ? { until: user.until } : {}),
        label: [...(user.label ?? []), ...this.gw.sessionFilter(ctx)],
      };
      const r = await this.gw.engine.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>(
        "POST",
        ep(ctx, `/containers/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`),
      );
      for (const id of r.ContainersDeleted ?? []) this.gw.registry.removeContainer(id);
      sendJson(ctx.res, 200, r);
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/json$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const r = await this.gw.engine.request("GET", ep(ctx, `/containers/${c.id}/json${qs(pick(ctx, "size"))}`));
      if (r.status !== 200) return relay(ctx, r);
      sendJson(ctx.res, 200, this.viewContainerInspect(ctx.sid, JSON.parse(r.body.toString("utf8"))));
    });
    const simple = (verb: string, params: string[], validate?: (ctx: Ctx) => void) =>
      this.gw.on("POST", new RegExp(`^/containers/${ID}/${verb}$`), async (ctx, m) => {
        ctx.req.resume();
        const c = this.gw.container(ctx, m[1]);
        validate?.(ctx);
        await this.gw.forward(ctx, "POST", ep(ctx, `/containers/${c.id}/${verb}${qs(pick(ctx, ...params))}`));
      });
    const checkSignal = (ctx: Ctx) => {
      const s = ctx.query.get("signal");
      if (s && !/^[A-Za-z0-9+]{1,16}$/.test(s)) throw new HttpError(400, `Invalid signal: ${s}`);
    };
    const checkT = (ctx: Ctx) => {
      const t = ctx.query.get("t");
      if (t !== null && (!/^-?\d+$/.test(t) || Number(t) > 600)) throw new HttpError(400, "invalid timeout");
    };
    simple("start", ["detachKeys"]);
    simple("stop", ["t", "signal"], (ctx) => {
      checkT(ctx);
      checkSignal(ctx);
    });
    simple("restart", ["t", "signal"], (ctx) => {
      checkT(ctx);
      checkSignal(ctx);
    });
    simple("kill", ["signal"], checkSignal);
    simple("pause", []);
    simple("unpause", []);
    simple("resize", ["h", "w"], (ctx) => {
      for (const k of ["h", "w"]) {
        const v = ctx.query.get(k);
        if (v !== null && !/^\d{1,5}$/.test(v)) throw new HttpError(400, `invalid ${k}`);
      }
    });
    this.gw.on("POST", new RegExp(`^/containers/${ID}/wait$`), async (ctx, m) => {
      ctx.req.resume();
      const c = this.gw.container(ctx, m[1]);
      const cond = ctx.query.get("condition");
      if (cond && !["not-running", "next-exit", "removed"].includes(cond))
        throw new HttpError(400, `invalid condition: "${cond}"`);
      await this.gw.pipe(ctx, "POST", ep(ctx, `/containers/${c.id}/wait${qs({ condition: cond })}`));
    });
    this.gw.on("DELETE", new RegExp(`^/containers/${ID}$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      if (ctx.query.get("link") === "1" || ctx.query.get("link") === "true") {
        throw refuse("link", "removing links is not allowed", "링크 삭제는 허용되지 않습니다");
      }
      const r = await this.gw.forward(ctx, "DELETE", ep(ctx, `/containers/${c.id}${qs(pick(ctx, "force", "v"))}`));
      if (r.status < 300) this.gw.registry.removeContainer(c.id);
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/logs$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const q = pick(ctx, "follow", "stdout", "stderr", "since", "until", "timestamps", "tail", "details");
      await this.gw.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/logs${qs(q)}`));
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/top$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const psArgs = ctx.query.get("ps_args");
      // ps runs on the server: only plain flag letters, never -o formats or paths.
      if (psArgs && !/^-?[a-zA-Z]{1,8}$/.test(psArgs)) {
        throw refuse(
          "ps-args",
          `ps arguments "${psArgs}" are not allowed; use letters only, e.g. aux or -ef`,
          `ps 인수 "${psArgs}"는 허용되지 않습니다. aux, -ef 같은 글자만 쓰세요`,
        );
      }
      await this.gw.forward(ctx, "GET", ep(ctx, `/containers/${c.id}/top${qs({ ps_args: psArgs })}`));
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/stats$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const q = pick(ctx, "stream", "one-shot");
      const stream = q.stream === undefined || q.stream === "1" || q.stream === "true";
      if (stream)
        await this.gw.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/stats${qs(q)}`), (line) => unprefix(ctx.sid, line));
      else {
        const r = await this.gw.engine.request("GET", ep(ctx, `/containers/${c.id}/stats${qs(q)}`));
        relay(ctx, {
          ...r,
          body: r.status < 300 ? Buffer.from(unprefix(ctx.sid, r.body.toString("utf8"))) : r.body,
        });
      }
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/changes$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      await this.gw.forward(ctx, "GET", ep(ctx, `/containers/${c.id}/changes`));
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/export$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      await this.gw.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/export`));
    });
    this.gw.on("POST", new RegExp(`^/containers/${ID}/rename$`), async (ctx, m) => {
      ctx.req.resume();
      const c = this.gw.container(ctx, m[1]);
      const name = (ctx.query.get("name") ?? "").replace(/^\//, "");
      if (!VALID_NAME.test(name) || name.length > 100)
        throw new HttpError(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      const real = namePrefix(ctx.sid) + name;
      const r = await this.gw.forward(ctx, "POST", ep(ctx, `/containers/${c.id}/rename${qs({ name: real })}`));
      if (r.status < 300) c.realName = real;
    });
    this.gw.on("POST", new RegExp(`^/containers/${ID}/attach$`), async (ctx, m) => {
      // Only reached without `Upgrade: tcp` (upgrades go to the hijack handler): output only.
      ctx.req.resume();
      const c = this.gw.container(ctx, m[1]);
      const q = pick(ctx, "stream", "logs", "stdout", "stderr", "detachKeys");
      const h = await this.gw.engine.hijack(ep(ctx, `/containers/${c.id}/attach${qs(q)}`));
      this.relayHijackOutput(ctx, h);
    });
    this.gw.on("POST", new RegExp(`^/containers/${ID}/exec$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const body = planExecCreate(await this.gw.body(ctx, true));
      const r = await this.gw.engine.request("POST", ep(ctx, `/containers/${c.id}/exec`), { body });
      if (r.status === 201 || r.status === 200) {
        const id = (JSON.parse(r.body.toString("utf8")) as { Id: string }).Id;
        this.gw.registry.addExec(id, { sid: ctx.sid, containerId: c.id });
      }
      relay(ctx, r);
    });
    this.gw.on("GET", new RegExp(`^/containers/${ID}/archive$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const path = ctx.query.get("path") ?? "";
      if (ctx.req.method === "HEAD") {
        const r = await this.gw.engine.request("HEAD", ep(ctx, `/containers/${c.id}/archive${qs({ path })}`));
        const stat = r.headers["x-docker-container-path-stat"];
        if (stat) ctx.res.setHeader("X-Docker-Container-Path-Stat", stat as string);
        return relay(ctx, r);
      }
      await this.gw.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/archive${qs({ path })}`));
    });
    this.gw.on("PUT", new RegExp(`^/containers/${ID}/archive$`), async (ctx, m) => {
      const c = this.gw.container(ctx, m[1]);
      const q = pick(ctx, "path", "noOverwriteDirNonDir", "copyUIDGID");
      const tar = await readBody(ctx.req, this.gw.config.maxArchiveBody);
      const r = await this.gw.engine.request("PUT", ep(ctx, `/containers/${c.id}/archive${qs(q)}`), {
        body: tar,
        headers: { "Content-Type": "application/x-tar" },
      });
      relay(ctx, r);
    });
    this.gw.on(
      "POST",
      new RegExp(`^/containers/${ID}/update$`),
      forbidden(
        "update",
        "docker update is not allowed: limits are set by the classroom",
        "docker update는 허용되지 않습니다. 자원 제한은 교실이 정합니다",
      ),
    );

    // Exec.
    this.gw.on("POST", new RegExp(`^/exec/${ID}/start$`), async (ctx, m) => {
      const owner = await this.execOwner(ctx.sid, m[1]);
      if (!owner) {
        ctx.req.resume();
        throw new HttpError(404, `No such exec instance: ${m[1]}`);
      }
      const raw = (await this.gw.body(ctx, false)) as Obj | undefined;
      const detach = raw?.Detach === true;
      const tty = raw?.Tty === true;
      const body = Buffer.from(JSON.stringify({ Detach: detach, Tty: tty }));
      if (detach)
        return void (await this.gw.forward(ctx, "POST", ep(ctx, `/exec/${m[1]}/start`), { Detach: true, Tty: tty }));
      const h = await this.gw.engine.hijack(ep(ctx, `/exec/${m[1]}/start`), body);
      this.relayHijackOutput(ctx, h);
    });
    this.gw.on("POST", new RegExp(`^/exec/${ID}/resize$`), async (ctx, m) => {
      ctx.req.resume();
      if (!(await this.execOwner(ctx.sid, m[1]))) throw new HttpError(404, `No such exec instance: ${m[1]}`);
      const h = ctx.query.get("h") ?? "";
      const w = ctx.query.get("w") ?? "";
      if (!/^\d{1,5}$/.test(h) || !/^\d{1,5}$/.test(w)) throw new HttpError(400, "invalid size");
      await this.gw.forward(ctx, "POST", ep(ctx, `/exec/${m[1]}/resize${qs({ h, w })}`));
    });
    this.gw.on("GET", new RegExp(`^/exec/${ID}/json$`), async (ctx, m) => {
      if (!(await this.execOwner(ctx.sid, m[1]))) throw new HttpError(404, `No such exec instance: ${m[1]}`);
      await this.gw.forward(ctx, "GET", ep(ctx, `/exec/${m[1]}/json`));
    });
  }

  async execOwner(sid: string, id: string): Promise<{ containerId: string } | null> {
    const known = this.gw.registry.execs.get(id);
    if (known) return known.sid === sid ? known : null;
    if (!/^[0-9a-f]{64}$/.test(id)) return null;
    try {
      const ins = await this.gw.engine.json<{ ContainerID: string }>("GET", `/exec/${id}/json`);
      const c = this.gw.registry.containers.get(ins.ContainerID);
      if (c) this.gw.registry.addExec(id, { sid: c.sid, containerId: c.id });
      return c && c.sid === sid ? { containerId: c.id } : null;
    } catch {
      return null;
    }
  }

  private policyContext(ctx: Ctx): PolicyContext {
    return {
      sid: ctx.sid,
      gatewayId: this.gw.gatewayId,
      limits: this.gw.config,
      container: (ref) => this.gw.registry.resolveContainer(ctx.sid, ref),
      network: (ref) => {
        if (ref === "bridge" || ref === "none") return ref;
        const r = this.gw.registry.resolveNetwork(ctx.sid, ref);
        return "ok" in r ? r.ok.realName : null;
      },
      volumeRealName: (name) => namePrefix(ctx.sid) + name,
    };
  }

  private netDisplay(sid: string, real: string): string {
    return displayName(sid, real);
  }

  /** The image as the learner named it: the label the gateway kept, else the engine name unprefixed. */
  private learnerImage(sid: string, image: unknown, labels: unknown): Obj {
    const named = (labels as Obj | null)?.[LABEL_IMAGE];
    if (named) return { Image: named };
    return typeof image === "string" ? { Image: unprefixImage(sid, image) } : {};
  }

  /** NetworkSettings with the session's networks under the names it gave them. */
  private networkSettings(sid: string, c: Obj): Obj {
    const ns = (c.NetworkSettings as { Networks?: Record<string, unknown> } | undefined) ?? {};
    const nets: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ns.Networks ?? {})) nets[this.netDisplay(sid, k)] = v;
    return { ...ns, Networks: nets };
  }

  private viewContainerSummary(sid: string, c: Obj): Obj {
    const names = (c.Names as string[] | undefined) ?? [];
    const hc = (c.HostConfig as Obj | undefined) ?? {};
    return {
      ...c,
      Names: names.map(
        (n) =>
          `/${n
            .slice(1)
            .split("/")
            .map((p) => displayName(sid, p))
            .join("/")}`,
      ),
      Labels: stripLabels(c.Labels),
      // The session's own images run under their engine names (see own-images.ts).
      ...this.learnerImage(sid, c.Image, c.Labels),
      HostConfig: {
        ...hc,
        ...(typeof hc.NetworkMode === "string" ? { NetworkMode: this.netDisplay(sid, hc.NetworkMode) } : {}),
      },
      NetworkSettings: this.networkSettings(sid, c),
      Mounts: ((c.Mounts as Obj[] | undefined) ?? []).map((m) =>
        typeof m.Name === "string" ? { ...m, Name: displayName(sid, m.Name) } : m,
      ),
    };
  }

  private viewContainerInspect(sid: string, c: Obj): Obj {
    const cfg = (c.Config as Obj | undefined) ?? {};
    const hc = (c.HostConfig as Obj | undefined) ?? {};
    return {
      ...c,
      Name: `/${displayName(sid, String(c.Name ?? ""))}`,
      Config: {
        ...cfg,
        Labels: stripLabels(cfg.Labels),
        ...this.learnerImage(sid, cfg.Image, cfg.Labels),
      },
      HostConfig: {
        ...hc,
        ...(typeof hc.NetworkMode === "string" ? { NetworkMode: this.netDisplay(sid, hc.NetworkMode) } : {}),
        ...(Array.isArray(hc.Binds) ? { Binds: (hc.Binds as string[]).map((b) => displayName(sid, b)) } : {}),
      },
      NetworkSettings: this.networkSettings(sid, c),
      Mounts: ((c.Mounts as Obj[] | undefined) ?? []).map((m) =>
        typeof m.Name === "string" ? { ...m, Name: displayName(sid, m.Name) } : m,
      ),
    };
  }

  private relayHijackOutput(ctx: Ctx, h: Awaited<ReturnType<EngineClient["hijack"]>>) {
    if (!h.upgraded || !h.socket) {
      const resp = h.response;
      if (!resp) return sendError(ctx.res, 500, "engine did not answer");
      ctx.res.writeHead(resp.statusCode ?? 500, { "Content-Type": resp.headers["content-type"] ?? "application/json" });
      resp.pipe(ctx.res);
      return;
    }
    ctx.res.writeHead(200, { "Content-Type": "application/vnd.docker.raw-stream" });
    ctx.res.flushHeaders();
    if (h.head?.length) ctx.res.write(h.head);
    h.socket.pipe(ctx.res);
    ctx.res.on("close", () => h.socket?.destroy());
  }

  async listContainers(ctx: Ctx, q: Record<string, string | undefined>): Promise<Obj[]> {
    const user = parseFilters(q.filters ?? null);
    const filters: Record<string, string[]> = { label: [...(user.label ?? []), ...this.gw.sessionFilter(ctx)] };
    for (const k of ["status", "id", "exited", "health", "expose", "publish", "is-task"])
      if (user[k]) filters[k] = user[k];
    if (user.ancestor) filters.ancestor = await Promise.all(user.ancestor.map((a) => this.images.ancestorRef(ctx, a)));
    if (user.volume) filters.volume = user.volume.map((v) => (v.startsWith("/") ? v : namePrefix(ctx.sid) + v));
    if (user.network)
      filters.network = user.network.map((n) => (SHARED_NETWORKS.includes(n) ? n : namePrefix(ctx.sid) + n));
    const local = Boolean(user.name || user.before || user.since);
    const params = { all: q.all, size: q.size, limit: local ? undefined : q.limit, filters: JSON.stringify(filters) };
    let list = await this.gw.engine.json<Obj[]>("GET", ep(ctx, `/containers/json${qs(params)}`));
    list = list.map((c) => this.viewContainerSummary(ctx.sid, c));
    if (user.name) {
      const res = user.name.map((n) => {
        try {
          return new RegExp(n);
        } catch {
          return new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        }
      });
      // As dockerd: a name matches with or without its leading slash (`name=^web$` finds /web).
      list = list.filter((c) =>
        (c.Names as string[]).some((n) => res.some((re) => re.test(n) || re.test(n.replace(/^\//, "")))),
      );
    }
    for (const key of ["before", "since"] as const) {
      for (const ref of user[key] ?? []) {
        const r = this.gw.registry.resolveContainer(ctx.sid, ref);
        if (!("ok" in r)) throw new HttpError(404, `No such container: ${ref}`);
        const pivot = list.find((c) => c.Id === r.ok.id);
        const t = (pivot?.Created as number | undefined) ?? 0;
        list = list.filter(
          (c) => c.Id !== r.ok.id && (key === "before" ? (c.Created as number) <= t : (c.Created as number) >= t),
        );
      }
    }
    if (local && q.limit && Number(q.limit) > 0) list = list.slice(0, Number(q.limit));
    return list;
  }

  private async containerCreate(ctx: Ctx) {
    const raw = await this.gw.body(ctx, true);
    const name = ctx.query.get("name");
    const plan = planContainerCreate(raw, this.policyContext(ctx), { name });
    const image = String(plan.body.Image);
    plan.body.Image = await this.images.runImage(ctx, image);
    const mine = this.gw.registry.containersOf(ctx.sid);
    if (mine.length >= this.gw.config.maxContainers) {
      throw refuse(
        "quota-containers",
        `at most ${this.gw.config.maxContainers} containers per session; remove some with docker rm`,
        `세션마다 컨테이너는 ${this.gw.config.maxContainers}개까지입니다. docker rm으로 정리하세요`,
      );
    }
    const used = mine.reduce((a, c) => a + c.memory, 0);
    if (used + plan.memory > this.gw.config.sessionMemory) {
      throw refuse(
        "quota-memory",
        `the session's containers may use ${this.gw.config.sessionMemory} bytes of memory in total; remove a container first`,
        "세션의 컨테이너 메모리 합계가 한도를 넘습니다. 컨테이너를 먼저 지우세요",
      );
    }
    // Named volumes the container mounts: create missing ones ourselves, labelled, within quota.
    const missing = plan.volumes.filter((v) => !this.gw.registry.volumes.has(namePrefix(ctx.sid) + v));
    if (missing.length) this.volumes.checkVolumeQuota(ctx, missing.length);
    for (const v of missing) {
      const real = namePrefix(ctx.sid) + v;
      const r = await this.gw.engine.request("POST", ep(ctx, "/volumes/create"), {
        body: {
          Name: real,
          Driver: "local",
          DriverOpts: {},
          Labels: sessionLabels({ sid: ctx.sid, gatewayId: this.gw.gatewayId }),
        },
      });
      if (r.status >= 300) return relay(ctx, r);
      this.gw.registry.volumes.set(real, { realName: real, sid: ctx.sid });
    }
    const realName = name ? namePrefix(ctx.sid) + name.replace(/^\//, "") : null;
    if (this.gw.engineKind === "podman") plan.body.Labels = { ...(plan.body.Labels as Obj), [LABEL_IMAGE]: image };
    const q = qs({ name: realName, platform: ctx.query.get("platform") });
    const r = await this.gw.engine.request("POST", ep(ctx, `/containers/create${q}`), { body: plan.body });
    const conflict = nameConflict(r.status, r.body, realName);
    if (conflict) return sendError(ctx.res, 409, unprefix(ctx.sid, conflict.message));
    if (r.status !== 201) return relay(ctx, r);
    const created = JSON.parse(r.body.toString("utf8")) as { Id: string; Warnings: string[] | null };
    let rn = realName;
    if (!rn) {
      try {
        const ins = await this.gw.engine.json<{ Name: string }>("GET", `/containers/${created.Id}/json`);
        rn = ins.Name.replace(/^\//, "");
      } catch {
        rn = created.Id.slice(0, 12);
      }
    }
    this.gw.registry.addContainer({ id: created.Id, sid: ctx.sid, realName: rn, memory: plan.memory });
    sendJson(ctx.res, 201, { Id: created.Id, Warnings: [...(created.Warnings ?? []), ...plan.warnings] });
  }
}
