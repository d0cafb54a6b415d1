/**
 * The Engine API's volumes and networks, in a session's view: its own (prefixed names, labels hidden)
 * and the shared bridge/none/host networks.
 */
import { labelsMatch } from "../compat";
import {
  type Ctx,
  ep,
  type GatewayInternals,
  ID,
  type Obj,
  pick,
  qs,
  refuse,
  relay,
  SHARED_NETWORKS,
  stripLabels,
} from "../gateway-internals";
import { HttpError, parseFilters, sendJson } from "../http-util";
import { planNetworkCreate, planVolumeCreate } from "../policy";
import { displayName, LABEL_SESSION, namePrefix } from "../registry";

export class VolumeNetworkRoutes {
  constructor(private readonly gw: GatewayInternals) {}

  define() {
    // Volumes.
    this.gw.on("GET", /^\/volumes$/, async (ctx) =>
      sendJson(ctx.res, 200, { Volumes: await this.listVolumes(ctx), Warnings: null }),
    );
    this.gw.on("POST", /^\/volumes\/create$/, async (ctx) => {
      const plan = planVolumeCreate(await this.gw.body(ctx, false), { sid: ctx.sid, gatewayId: this.gw.gatewayId });
      const real = plan.name ? namePrefix(ctx.sid) + plan.name : null;
      if (!real || !this.gw.registry.volumes.has(real)) this.checkVolumeQuota(ctx, 1);
      const r = await this.gw.engine.request("POST", ep(ctx, "/volumes/create"), {
        body: { ...(real ? { Name: real } : {}), Driver: "local", DriverOpts: {}, Labels: plan.labels },
      });
      if (r.status >= 300) return relay(ctx, r);
      const v = JSON.parse(r.body.toString("utf8")) as Obj;
      this.gw.registry.volumes.set(String(v.Name), { realName: String(v.Name), sid: ctx.sid });
      sendJson(ctx.res, r.status, this.viewVolume(ctx.sid, v));
    });
    this.gw.on("POST", /^\/volumes\/prune$/, async (ctx) => {
      ctx.req.resume();
      // The session label alone: Podman prunes volumes carrying ANY of several labels (see compat.ts).
      const filters = { label: [`${LABEL_SESSION}=${ctx.sid}`] };
      const r = await this.gw.engine.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>(
        "POST",
        ep(ctx, `/volumes/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`),
      );
      for (const n of r.VolumesDeleted ?? []) this.gw.registry.volumes.delete(n);
      sendJson(ctx.res, 200, { ...r, VolumesDeleted: r.VolumesDeleted?.map((n) => displayName(ctx.sid, n)) ?? null });
    });
    this.gw.on("GET", new RegExp(`^/volumes/${ID}$`), async (ctx, m) => {
      const v = this.volume(ctx, m[1]);
      const r = await this.gw.engine.request("GET", ep(ctx, `/volumes/${encodeURIComponent(v.realName)}`));
      if (r.status !== 200) return relay(ctx, r);
      sendJson(ctx.res, 200, this.viewVolume(ctx.sid, JSON.parse(r.body.toString("utf8"))));
    });
    this.gw.on("DELETE", new RegExp(`^/volumes/${ID}$`), async (ctx, m) => {
      ctx.req.resume();
      const v = this.volume(ctx, m[1]);
      const r = await this.gw.forward(
        ctx,
        "DELETE",
        ep(ctx, `/volumes/${encodeURIComponent(v.realName)}${qs(pick(ctx, "force"))}`),
      );
      if (r.status < 300) this.gw.registry.volumes.delete(v.realName);
    });

    // Networks.
    this.gw.on("GET", /^\/networks$/, async (ctx) => sendJson(ctx.res, 200, await this.listNetworks(ctx)));
    this.gw.on("POST", /^\/networks\/create$/, async (ctx) => {
      const plan = planNetworkCreate(await this.gw.body(ctx, true), { sid: ctx.sid, gatewayId: this.gw.gatewayId });
      if (SHARED_NETWORKS.includes(plan.name))
        throw new HttpError(403, `${plan.name} is a pre-defined network and cannot be created`);
      if (this.gw.registry.networksOf(ctx.sid).length >= this.gw.config.maxNetworks) {
        throw refuse(
          "quota-networks",
          `at most ${this.gw.config.maxNetworks} networks per session`,
          `세션마다 네트워크는 ${this.gw.config.maxNetworks}개까지입니다`,
        );
      }
      const r = await this.gw.engine.request("POST", ep(ctx, "/networks/create"), { body: plan.body });
      if (r.status < 300) {
        const id = (JSON.parse(r.body.toString("utf8")) as { Id: string }).Id;
        this.gw.registry.networks.set(id, { id, realName: String(plan.body.Name), sid: ctx.sid });
      }
      relay(ctx, r);
    });
    this.gw.on("POST", /^\/networks\/prune$/, async (ctx) => {
      ctx.req.resume();
      const filters = { label: this.gw.sessionFilter(ctx) };
      const r = await this.gw.engine.json<{ NetworksDeleted: string[] | null }>(
        "POST",
        ep(ctx, `/networks/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`),
      );
      for (const n of r.NetworksDeleted ?? []) {
        for (const [id, net] of this.gw.registry.networks) if (net.realName === n) this.gw.registry.networks.delete(id);
      }
      sendJson(ctx.res, 200, { NetworksDeleted: r.NetworksDeleted?.map((n) => displayName(ctx.sid, n)) ?? null });
    });
    this.gw.on("GET", new RegExp(`^/networks/${ID}$`), async (ctx, m) => {
      const ref = await this.networkRef(ctx, decodeURIComponent(m[1]));
      const r = await this.gw.engine.request("GET", ep(ctx, `/networks/${ref}${qs(pick(ctx, "verbose", "scope"))}`));
      if (r.status !== 200) return relay(ctx, r);
      sendJson(ctx.res, 200, this.viewNetwork(ctx.sid, JSON.parse(r.body.toString("utf8"))));
    });
    this.gw.on("DELETE", new RegExp(`^/networks/${ID}$`), async (ctx, m) => {
      ctx.req.resume();
      const ref = decodeURIComponent(m[1]);
      if (SHARED_NETWORKS.includes(ref))
        throw new HttpError(403, `${ref} is a pre-defined network and cannot be removed`);
      const r = this.gw.registry.resolveNetwork(ctx.sid, ref);
      if (!("ok" in r)) throw new HttpError(r.status, r.message);
      const res = await this.gw.forward(ctx, "DELETE", ep(ctx, `/networks/${r.ok.id}`));
      if (res.status < 300) this.gw.registry.networks.delete(r.ok.id);
    });
    for (const verb of ["connect", "disconnect"]) {
      this.gw.on("POST", new RegExp(`^/networks/${ID}/${verb}$`), async (ctx, m) => {
        const ref = decodeURIComponent(m[1]);
        if (ref === "host")
          throw refuse("host-network", "the host network is not allowed", "host 네트워크는 허용되지 않습니다");
        const net = await this.networkRef(ctx, ref);
        const raw = (await this.gw.body(ctx, true)) as Obj;
        const c = this.gw.container(ctx, String(raw.Container ?? ""));
        const body: Obj = { Container: c.id };
        if (verb === "disconnect") body.Force = raw.Force === true;
        else {
          const ec = (raw.EndpointConfig as Obj | undefined) ?? {};
          const aliases = Array.isArray(ec.Aliases) ? ec.Aliases.filter((a) => typeof a === "string").slice(0, 16) : [];
          if (ec.DriverOpts && Object.keys(ec.DriverOpts as Obj).length) {
            throw refuse(
              "endpoint-driver-opts",
              "network endpoint driver options are not allowed",
              "네트워크 엔드포인트 드라이버 옵션은 허용되지 않습니다",
            );
          }
          // The learner's name resolves on user networks, as on a real engine (the engine's name is prefixed).
          const own = displayName(ctx.sid, c.realName);
          if (net !== "bridge" && !aliases.includes(own)) aliases.push(own);
          body.EndpointConfig = aliases.length ? { Aliases: aliases } : {};
        }
        await this.gw.forward(ctx, "POST", ep(ctx, `/networks/${net}/${verb}`), body);
      });
    }
  }

  checkVolumeQuota(ctx: Ctx, adding: number) {
    if (this.gw.registry.volumesOf(ctx.sid).length + adding > this.gw.config.maxVolumes) {
      throw refuse(
        "quota-volumes",
        `at most ${this.gw.config.maxVolumes} volumes per session`,
        `세션마다 볼륨은 ${this.gw.config.maxVolumes}개까지입니다`,
      );
    }
  }

  private viewVolume(sid: string, v: Obj): Obj {
    return { ...v, Name: displayName(sid, String(v.Name)), Labels: stripLabels(v.Labels) };
  }

  private viewNetwork(sid: string, n: Obj): Obj {
    const mine = new Set(this.gw.registry.containersOf(sid).map((c) => c.id));
    const containers: Record<string, Obj> = {};
    for (const [id, e] of Object.entries((n.Containers as Record<string, Obj> | undefined) ?? {})) {
      if (mine.has(id))
        containers[id] = { ...e, ...(typeof e.Name === "string" ? { Name: displayName(sid, e.Name) } : {}) };
    }
    return { ...n, Name: displayName(sid, String(n.Name)), Labels: stripLabels(n.Labels), Containers: containers };
  }

  private volume(ctx: Ctx, ref: string) {
    const r = this.gw.registry.resolveVolume(ctx.sid, decodeURIComponent(ref));
    if (!("ok" in r)) throw new HttpError(r.status, r.message);
    return r.ok;
  }

  async listVolumes(ctx: Ctx): Promise<Obj[]> {
    const user = parseFilters(ctx.query.get("filters"));
    // One label upstream, every label checked here: Podman lists volumes carrying ANY of several labels.
    const labels = [...(user.label ?? []), ...this.gw.sessionFilter(ctx)];
    const filters: Record<string, string[]> = { label: [`${LABEL_SESSION}=${ctx.sid}`] };
    if (user.dangling) filters.dangling = user.dangling;
    const r = await this.gw.engine.json<{ Volumes: Obj[] | null }>(
      "GET",
      ep(ctx, `/volumes${qs({ filters: JSON.stringify(filters) })}`),
    );
    let vols = (r.Volumes ?? [])
      .filter((v) => labelsMatch(v.Labels as Record<string, string> | null, labels))
      .map((v) => this.viewVolume(ctx.sid, v));
    if (user.name) vols = vols.filter((v) => user.name.some((n) => String(v.Name).includes(n)));
    return vols;
  }

  private async networkRef(ctx: Ctx, ref: string): Promise<string> {
    if (ref === "bridge" || ref === "none" || ref === "host") return ref;
    const r = this.gw.registry.resolveNetwork(ctx.sid, ref);
    if ("ok" in r) return r.ok.id;
    // The shared networks by id or id prefix.
    if (/^[0-9a-f]+$/.test(ref)) {
      const shared = await this.gw.engine.json<Obj[]>(
        "GET",
        `/networks?filters=${encodeURIComponent(JSON.stringify({ name: SHARED_NETWORKS }))}`,
      );
      const hit = shared.find((n) => SHARED_NETWORKS.includes(String(n.Name)) && String(n.Id).startsWith(ref));
      if (hit) return String(hit.Id);
    }
    throw new HttpError(404, `network ${ref} not found`);
  }

  async listNetworks(ctx: Ctx): Promise<Obj[]> {
    const user = parseFilters(ctx.query.get("filters"));
    const all = await this.gw.engine.json<Obj[]>("GET", ep(ctx, "/networks"));
    let nets = all.filter(
      (n) => SHARED_NETWORKS.includes(String(n.Name)) && !(n.Labels as Record<string, string> | null)?.[LABEL_SESSION],
    );
    const mine = new Set(this.gw.registry.networksOf(ctx.sid).map((n) => n.id));
    nets = [...nets, ...all.filter((n) => mine.has(String(n.Id)))].map((n) => this.viewNetwork(ctx.sid, n));
    if (user.name) nets = nets.filter((n) => user.name.some((x) => String(n.Name).includes(x)));
    if (user.id) nets = nets.filter((n) => user.id.some((x) => String(n.Id).startsWith(x)));
    if (user.driver) nets = nets.filter((n) => user.driver.includes(String(n.Driver)));
    if (user.type)
      nets = nets.filter((n) => user.type.includes(SHARED_NETWORKS.includes(String(n.Name)) ? "builtin" : "custom"));
    return nets;
  }
}
