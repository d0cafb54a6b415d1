/**
 * The Engine API's images, build and commit, in a session's view: the allowed shared images and the
 * session's own (`cc-<session>-myapp:1.0` on the engine, see own-images.ts); pulls only from the
 * allow-list; builds through the classic builder with every FROM checked (build-context.ts).
 */
import type http from "node:http";
import type { EngineEvent } from "../../engine/api/types";
import {
  buildOutputFilter,
  checkCommitChanges,
  checkDockerfile,
  readBuildContext,
  replaceTarFile,
} from "../build-context";
import { BuildahStages, dockerBuildLines, dockerImageName } from "../compat";
import { engineMessage } from "../engine";
import {
  type Ctx,
  ep,
  forbidden,
  type GatewayInternals,
  type Obj,
  pick,
  qs,
  refuse,
  relay,
  unprefix,
} from "../gateway-internals";
import { eachLine, HttpError, parseFilters, readBody, sendError, sendJson } from "../http-util";
import {
  isOwnTag,
  isSharedImage,
  ownership,
  parseLearnerRef,
  realRepo,
  referenceMatches,
  tagSession,
  unprefixImage,
  viewHistory,
  viewImageInspect,
  viewImageSummary,
} from "../own-images";
import { imageAllowed, isZero, looksLikeImageId, parseImageRef, refuseImage, sessionLabels } from "../policy";
import { LABEL_GATEWAY, LABEL_PREFIX, LABEL_SESSION, type OwnedImage } from "../registry";

export class ImageRoutes {
  /** Sessions with a build running (one at a time each). */
  private readonly building = new Set<string>();
  /** image id → sessions that just untagged or removed it (their events name the image by id only). */
  private readonly imageOps = new Map<string, { sid: string; until: number }[]>();

  constructor(private readonly gw: GatewayInternals) {}

  /** Images, build and commit (and the refused load/save/search/push, BuildKit sessions and logins). */
  define() {
    // Images.
    this.gw.on("GET", /^\/images\/json$/, async (ctx) => sendJson(ctx.res, 200, await this.allowedImages(ctx)));
    this.gw.on("POST", /^\/images\/create$/, async (ctx) => this.imageCreate(ctx));
    this.gw.on(
      "POST",
      /^\/images\/load$/,
      forbidden(
        "images-load",
        "docker load is not allowed; images come from the classroom's allow-list",
        "docker load는 허용되지 않습니다. 이미지는 교실 허용 목록에서만 받습니다",
      ),
    );
    this.gw.on(
      "GET",
      /^\/images\/get$/,
      forbidden("images-save", "docker save is not allowed", "docker save는 허용되지 않습니다"),
    );
    this.gw.on(
      "GET",
      /^\/images\/search$/,
      forbidden(
        "images-search",
        "docker search is not available in the classroom",
        "docker search는 교실에서 쓸 수 없습니다",
      ),
    );
    this.gw.on("POST", /^\/images\/prune$/, async (ctx) => this.imagePrune(ctx));
    this.gw.on("GET", /^\/images\/(.+)\/json$/, async (ctx, m) => {
      const { img } = await this.imageFor(ctx, decodeURIComponent(m[1]));
      sendJson(ctx.res, 200, viewImageInspect(ctx.sid, img, this.imageTags(img), this.gw.config.allowImages));
    });
    this.gw.on("GET", /^\/images\/(.+)\/history$/, async (ctx, m) => {
      const { id } = await this.imageFor(ctx, decodeURIComponent(m[1]));
      let rows = (await this.gw.engine.json<Obj[] | null>("GET", ep(ctx, `/images/${id}/history`))) ?? [];
      if (this.gw.engineKind === "podman") {
        // As dockerd: the top row is the image itself, and ids carry their digest algorithm.
        rows = rows.map((r, i) => ({
          ...r,
          Id: i === 0 ? withDigestPrefix(id) : /^[0-9a-f]{64}$/.test(String(r.Id)) ? `sha256:${r.Id}` : r.Id,
        }));
      }
      sendJson(ctx.res, 200, viewHistory(ctx.sid, rows, this.gw.config.allowImages));
    });
    this.gw.on(
      "GET",
      /^\/images\/(.+)\/get$/,
      forbidden("images-save", "docker save is not allowed", "docker save는 허용되지 않습니다"),
    );
    this.gw.on(
      "POST",
      /^\/images\/(.+)\/push$/,
      forbidden("images-push", "docker push is not allowed", "docker push는 허용되지 않습니다"),
    );
    this.gw.on("POST", /^\/images\/(.+)\/tag$/, async (ctx, m) => this.imageTag(ctx, decodeURIComponent(m[1])));
    this.gw.on("DELETE", /^\/images\/(.+)$/, async (ctx, m) => this.imageRemove(ctx, decodeURIComponent(m[1])));
    this.gw.on("POST", /^\/build$/, async (ctx) => this.build(ctx));
    this.gw.on("POST", /^\/build\/prune$/, async (ctx) => {
      ctx.req.resume();
      sendJson(ctx.res, 200, { CachesDeleted: null, SpaceReclaimed: 0 });
    });
    this.gw.on("POST", /^\/commit$/, async (ctx) => this.commit(ctx));
    this.gw.on(
      "POST",
      /^\/session$/,
      forbidden("buildkit-session", "BuildKit sessions are not available", "BuildKit 세션은 쓸 수 없습니다"),
    );
    this.gw.on(
      "POST",
      /^\/auth$/,
      forbidden(
        "auth",
        "registry logins are not available in the classroom",
        "레지스트리 로그인은 교실에서 쓸 수 없습니다",
      ),
    );
  }

  /** The images a session sees: the allowed shared images and its own, in its names. */
  async allowedImages(ctx: Ctx): Promise<Obj[]> {
    const listing = ctx.path === "/images/json";
    const q = listing ? qs(pick(ctx, "all", "digests")) : "";
    const list = await this.gw.engine.json<Obj[]>("GET", ep(ctx, `/images/json${q}`));
    const allow = this.gw.config.allowImages;
    let out: Obj[] = [];
    for (const img of list) {
      const tags = this.imageTags(img);
      const own = ownership(ctx.sid, this.gw.gatewayId, tags, img.Labels);
      if (own.tags.length || own.labelled || isSharedImage(tags, allow))
        out.push(viewImageSummary(ctx.sid, img, tags, allow));
    }
    if (!listing) return out;
    // The learner's filters, applied to the session's view (the engine knows other names).
    const user = parseFilters(ctx.query.get("filters"));
    const tagsOf = (i: Obj) => (i.RepoTags as string[]).filter((t) => t !== "<none>:<none>");
    if (user.dangling?.length) {
      const want = user.dangling[0] === "true" || user.dangling[0] === "1";
      out = out.filter((i) => (tagsOf(i).length === 0) === want);
    }
    if (user.reference?.length) out = out.filter((i) => user.reference.some((p) => referenceMatches(p, tagsOf(i))));
    if (user.label?.length) {
      out = out.filter((i) =>
        user.label.every((l) => {
          const labels = (i.Labels as Record<string, string> | null) ?? {};
          const eq = l.indexOf("=");
          return eq < 0 ? l in labels : labels[l.slice(0, eq)] === l.slice(eq + 1);
        }),
      );
    }
    for (const key of ["before", "since"] as const) {
      for (const ref of user[key] ?? []) {
        const pivot = await this.imageFor(ctx, ref);
        const t = Date.parse(String(pivot.img.Created)) / 1000;
        out = out.filter(
          (i) => i.Id !== pivot.id && (key === "before" ? Number(i.Created) < t : Number(i.Created) > t),
        );
      }
    }
    return out;
  }

  /** An image's tags as Docker names them (Podman says localhost/busybox:latest for busybox:latest). */
  private repoTags(img: { RepoTags?: unknown }): string[] {
    const tags = (img.RepoTags as string[] | null | undefined) ?? [];
    return this.gw.engineKind === "podman" ? tags.map(dockerImageName) : tags;
  }

  /** An image's tags as Docker names them, without the engine's "<none>:<none>" for an untagged image. */
  imageTags(img: { RepoTags?: unknown }): string[] {
    return this.repoTags(img).filter((t) => t !== "<none>:<none>");
  }

  /** The engine id of an image the session may use (shared or its own), or 404 "No such image". */
  private async allowedImageId(ctx: Ctx, ref: string): Promise<string> {
    return (await this.imageFor(ctx, ref)).id;
  }

  private async inspectImage(ctx: Ctx, ref: string): Promise<Obj | null> {
    const r = await this.gw.engine.request("GET", ep(ctx, `/images/${encodeURIComponent(ref)}/json`));
    if (r.status === 404) return null;
    if (r.status !== 200) throw new HttpError(r.status, unprefix(ctx.sid, engineMessage(r.body)));
    return JSON.parse(r.body.toString("utf8")) as Obj;
  }

  /**
   * A learner's image reference, resolved inside the session: its own tag first (`myapp` is
   * `cc-<session>-myapp` on the engine), then an allowed shared image; by id, an image the session
   * owns, a shared one, or a layer of its own images (`docker run <step id>` after a build).
   * Anything else — another session's image included — is Docker's "No such image".
   */
  private async imageFor(
    ctx: Ctx,
    ref: string,
  ): Promise<{ id: string; img: Obj; ownTag: string | null; own: boolean; shared: boolean }> {
    const notFound = () => new HttpError(404, `No such image: ${ref}`);
    const allow = this.gw.config.allowImages;
    const describe = (img: Obj, ownTag: string | null) => {
      const tags = this.imageTags(img);
      // An inspect has the labels in Config; a list entry at the top.
      const o = ownership(ctx.sid, this.gw.gatewayId, tags, (img.Config as Obj | null)?.Labels ?? img.Labels);
      return {
        id: String(img.Id),
        img,
        ownTag,
        own: o.tags.length > 0 || o.labelled,
        shared: isSharedImage(tags, allow),
      };
    };
    if (!ref) throw notFound();
    if (looksLikeImageId(ref)) {
      const img = await this.inspectImage(ctx, ref);
      if (!img) throw notFound();
      const d = describe(img, null);
      if (d.own || d.shared || (await this.layerOfOwnImage(ctx, d.id))) return d;
      throw notFound();
    }
    let learner: { repo: string; tag: string } | null = null;
    try {
      learner = parseLearnerRef(ref);
    } catch {
      learner = null;
    }
    if (learner) {
      const real = `${realRepo(ctx.sid, learner.repo)}:${learner.tag}`;
      const img = await this.inspectImage(ctx, real);
      if (img) return describe(img, real);
    }
    if (!imageAllowed(ref, allow)) throw notFound();
    const img = await this.inspectImage(ctx, ref);
    if (!img) throw notFound();
    const d = describe(img, null);
    if (!d.shared) throw notFound();
    return d;
  }

  /** Whether an image id is a layer (a build step) of one of the session's own images. */
  private async layerOfOwnImage(ctx: Ctx, id: string): Promise<boolean> {
    for (const own of this.gw.registry.imagesOf(ctx.sid).slice(0, 50)) {
      const r = await this.gw.engine.request("GET", ep(ctx, `/images/${own.id}/history`));
      if (r.status !== 200) continue;
      const rows = JSON.parse(r.body.toString("utf8")) as { Id: string }[];
      if (rows.some((h) => h.Id === id)) return true;
    }
    return false;
  }

  /** Re-read which images each session owns (labels, prefixed tags): at start and after every image change. */
  async syncImages() {
    const list = await this.gw.engine.json<Obj[]>("GET", "/images/json");
    const owned: OwnedImage[] = [];
    for (const img of list) {
      const tags = this.imageTags(img);
      const labels = (img.Labels as Record<string, string> | null) ?? {};
      const sids = new Set<string>();
      if (labels[LABEL_GATEWAY] === this.gw.gatewayId && labels[LABEL_SESSION]) sids.add(labels[LABEL_SESSION]);
      for (const t of tags) {
        const s = tagSession(t);
        if (s && this.gw.store.has(s)) sids.add(s);
      }
      for (const sid of sids) {
        const o = ownership(sid, this.gw.gatewayId, tags, labels);
        owned.push({ id: String(img.Id), sid, tags: o.tags, labelled: o.labelled });
      }
    }
    this.gw.registry.setImages(owned);
  }

  /** The reaper's part for images: the session's tags, then its untagged images (never a shared image). */
  async reapImages(sid: string) {
    const list = async () => {
      const images = await this.gw.engine.json<Obj[]>("GET", "/images/json");
      return images.map((img) => ({ img, tags: this.imageTags(img) }));
    };
    for (const { tags } of await list()) {
      for (const t of tags.filter((x) => isOwnTag(sid, x)))
        await this.gw.engine.request("DELETE", `/images/${encodeURIComponent(t)}`).catch(() => null);
    }
    // Built or committed images left without tags (older builds of the same tag); children first.
    for (let pass = 0; pass < 3; pass++) {
      const left = (await list()).filter(
        ({ img, tags }) => ownership(sid, this.gw.gatewayId, tags, img.Labels).labelled && tags.length === 0,
      );
      if (!left.length) break;
      for (const { img } of left)
        await this.gw.engine.request("DELETE", `/images/${String(img.Id)}?force=1`).catch(() => null);
    }
  }

  /** Remember that a session just changed an image: its untag/delete events name the image only by id. */
  private noteImageOp(sid: string, ...ids: string[]) {
    const now = Date.now();
    for (const [id, ops] of this.imageOps) {
      const live = ops.filter((o) => o.until > now);
      if (live.length) this.imageOps.set(id, live);
      else this.imageOps.delete(id);
    }
    for (const id of ids) {
      if (!id) continue;
      const ops = this.imageOps.get(id) ?? [];
      ops.push({ sid, until: now + 10_000 });
      this.imageOps.set(id, ops);
    }
  }

  /** Whether an engine image event belongs to the session (see ownEvent in events.ts). */
  ownImageEvent(sid: string, e: EngineEvent): boolean {
    const attrs = e.Actor?.Attributes ?? {};
    if (attrs[LABEL_SESSION] === sid && attrs[LABEL_GATEWAY] === this.gw.gatewayId) return true;
    const name = dockerImageName(String(attrs.name ?? ""));
    if (isOwnTag(sid, name)) return true;
    if (tagSession(name)) return false;
    // untag and delete name the image by id: the session's own image, or one it just changed.
    const id = String(e.Actor?.ID ?? "");
    if (this.gw.registry.images.get(`${sid} ${id}`)?.labelled) return true;
    return (this.imageOps.get(id) ?? []).some((o) => o.sid === sid && o.until > Date.now());
  }

  private checkImageQuota(ctx: Ctx, addingId: string | null, addingTag: boolean) {
    const mine = this.gw.registry.imagesOf(ctx.sid);
    const ids = new Set(mine.map((i) => i.id));
    const max = this.gw.config.maxImages;
    if (!(addingId && ids.has(addingId)) && ids.size >= max) {
      throw refuse(
        "quota-images",
        `at most ${max} images per session; remove some with docker rmi or docker image prune`,
        `세션마다 이미지는 ${max}개까지입니다. docker rmi나 docker image prune으로 정리하세요`,
      );
    }
    const tags = mine.reduce((n, i) => n + i.tags.length, 0);
    if (addingTag && tags >= max * 5) {
      throw refuse(
        "quota-image-tags",
        `at most ${max * 5} image tags per session; remove some with docker rmi`,
        `세션마다 이미지 태그는 ${max * 5}개까지입니다. docker rmi로 정리하세요`,
      );
    }
  }

  private async imageTag(ctx: Ctx, ref: string) {
    ctx.req.resume();
    const src = await this.imageFor(ctx, ref);
    const { repo, tag } = parseLearnerRef(ctx.query.get("repo") ?? "", ctx.query.get("tag"));
    await this.syncImages();
    const real = realRepo(ctx.sid, repo);
    const moving = this.gw.registry.imagesOf(ctx.sid).some((i) => i.tags.includes(`${real}:${tag}`));
    this.checkImageQuota(ctx, src.id, !moving);
    const r = await this.gw.engine.request(
      "POST",
      ep(ctx, `/images/${encodeURIComponent(src.id)}/tag${qs({ repo: real, tag })}`),
    );
    await this.syncImages();
    relay(ctx, r);
  }

  private async imageRemove(ctx: Ctx, ref: string) {
    ctx.req.resume();
    const src = await this.imageFor(ctx, ref);
    const shared = () =>
      refuse(
        "shared-image",
        `${ref} is shared by the whole class and cannot be removed`,
        `${ref} 이미지는 교실 전체가 함께 쓰므로 지울 수 없습니다`,
      );
    let target: string;
    if (src.ownTag) target = src.ownTag;
    else if (!looksLikeImageId(ref)) throw shared();
    else {
      // By id: only an image that is the session's alone (no shared tag, no one else's).
      const tags = this.imageTags(src.img);
      if (src.shared || tags.some((t) => !isOwnTag(ctx.sid, t))) throw shared();
      if (!src.own)
        throw new HttpError(
          409,
          `conflict: unable to delete ${ref} (cannot be forced) - image is a layer of one of your images; remove that image instead`,
        );
      target = src.id;
    }
    const r = await this.gw.engine.request(
      "DELETE",
      ep(ctx, `/images/${encodeURIComponent(target)}${qs(pick(ctx, "force", "noprune"))}`),
    );
    if (r.status >= 300) return relay(ctx, r);
    const answer = JSON.parse(r.body.toString("utf8")) as { Untagged?: string; Deleted?: string }[];
    // dockerd reports the untags before the deletes; Podman after them.
    const items = [...answer.filter((i) => i.Untagged), ...answer.filter((i) => !i.Untagged)];
    this.noteImageOp(ctx.sid, src.id, ...items.map((i) => i.Deleted ?? ""));
    await this.syncImages();
    sendJson(
      ctx.res,
      200,
      items.map((i) =>
        i.Untagged
          ? { Untagged: dockerImageName(unprefixImage(ctx.sid, i.Untagged)) }
          : { ...i, Deleted: withDigestPrefix(i.Deleted) },
      ),
    );
  }

  private async imagePrune(ctx: Ctx) {
    ctx.req.resume();
    const user = parseFilters(ctx.query.get("filters"));
    // One label upstream (Podman prunes images carrying ANY of several labels): the session's.
    const filters: Record<string, string[]> = {
      label: [`${LABEL_SESSION}=${ctx.sid}`],
      dangling: user.dangling ?? ["true"],
    };
    if (user.until) filters.until = user.until;
    await this.syncImages();
    const before = this.gw.registry.imagesOf(ctx.sid).map((i) => i.id);
    const r = await this.gw.engine.json<{
      ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null;
      SpaceReclaimed: number;
    }>("POST", ep(ctx, `/images/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`));
    this.noteImageOp(ctx.sid, ...before);
    await this.syncImages();
    sendJson(ctx.res, 200, {
      ImagesDeleted:
        r.ImagesDeleted?.map((i) => (i.Untagged ? { Untagged: unprefixImage(ctx.sid, i.Untagged) } : i)) ?? null,
      SpaceReclaimed: r.SpaceReclaimed,
    });
  }

  /** The image a container may run: the session's own (its engine name), a shared one, or 403. */
  async runImage(ctx: Ctx, image: string): Promise<string> {
    if (looksLikeImageId(image)) {
      await this.allowedImageId(ctx, image);
      return image;
    }
    try {
      const { repo, tag } = parseLearnerRef(image);
      const real = `${realRepo(ctx.sid, repo)}:${tag}`;
      if (await this.inspectImage(ctx, real)) return real;
    } catch {
      /* not a name the session could own */
    }
    if (!imageAllowed(image, this.gw.config.allowImages)) throw refuseImage(image, this.gw.config.allowImages);
    return image;
  }

  /**
   * An `ancestor=` filter value in the engine's words: the session's own `myapp` is `cc-<sid>-myapp` on
   * the engine. Anything else goes as it came; the filter only ever narrows the session's own containers.
   */
  async ancestorRef(ctx: Ctx, ref: string): Promise<string> {
    if (looksLikeImageId(ref)) return ref;
    try {
      const { repo, tag } = parseLearnerRef(ref);
      const real = `${realRepo(ctx.sid, repo)}:${tag}`;
      if (await this.inspectImage(ctx, real)) return real;
    } catch {
      /* not a name the session could own */
    }
    return ref;
  }

  /** FROM and COPY --from in a session's build: its own image (engine name) or an allowed shared one. */
  private async baseImage(ctx: Ctx, ref: string): Promise<string> {
    try {
      const { repo, tag } = parseLearnerRef(ref);
      const real = `${realRepo(ctx.sid, repo)}:${tag}`;
      if (await this.inspectImage(ctx, real)) return real;
    } catch {
      /* a digest or a registry name: only the allow-list can accept it */
    }
    if (imageAllowed(ref, this.gw.config.allowImages)) return ref;
    const allow = this.gw.config.allowImages.join(", ");
    throw refuse(
      "build-from",
      `${ref} is neither one of the classroom's images (${allow}) nor one of your own images; build FROM one of those`,
      `${ref}은 교실 이미지(${allow})도, 내가 만든 이미지도 아닙니다. 그중 하나에서 FROM 하세요`,
    );
  }

  /** The session's labels, refusing the learner's labels that try to use the gateway's names. */
  private learnerLabels(raw: string | null): Record<string, string> {
    if (!raw) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new HttpError(400, "labels: invalid JSON");
    }
    if (parsed === null) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new HttpError(400, "labels: expected an object");
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed as Obj)) {
      if (k.toLowerCase().startsWith(LABEL_PREFIX))
        throw refuse("reserved-label", `label ${k} is reserved for the gateway`, `${k} 라벨은 게이트웨이 전용입니다`);
      out[k] = String(v);
    }
    return out;
  }

  private async commit(ctx: Ctx) {
    const raw = await this.gw.body(ctx, false);
    if (!isZero(raw)) {
      throw refuse(
        "commit-config",
        "docker commit with a container configuration in the body is not allowed; use --change",
        "본문에 컨테이너 설정을 담은 docker commit은 허용되지 않습니다. --change를 쓰세요",
      );
    }
    const c = this.gw.container(ctx, ctx.query.get("container") ?? "");
    const repoParam = ctx.query.get("repo");
    const ref = repoParam ? parseLearnerRef(repoParam, ctx.query.get("tag")) : null;
    const changes = ctx.query.getAll("changes").filter((x) => x.trim());
    checkCommitChanges(changes);
    await this.syncImages();
    this.checkImageQuota(ctx, null, Boolean(ref));
    const q = new URLSearchParams({ container: c.id });
    if (ref) {
      q.set("repo", realRepo(ctx.sid, ref.repo));
      q.set("tag", ref.tag);
    }
    for (const k of ["comment", "author", "pause"]) {
      const v = ctx.query.get(k);
      if (v !== null) q.set(k, v.slice(0, 1000));
    }
    for (const ch of changes) q.append("changes", ch);
    const labels = sessionLabels({ sid: ctx.sid, gatewayId: this.gw.gatewayId });
    q.append(
      "changes",
      `LABEL ${Object.entries(labels)
        .map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`)
        .join(" ")}`,
    );
    const r = await this.gw.engine.request("POST", ep(ctx, `/commit?${q}`), { body: {} });
    await this.syncImages();
    if (r.status === 201) {
      // Podman answers a bare id; dockerd (and the docker CLI's output) say sha256:….
      const body = JSON.parse(r.body.toString("utf8")) as { Id?: string };
      return sendJson(ctx.res, 201, { ...body, Id: withDigestPrefix(body.Id) });
    }
    relay(ctx, r);
  }

  // ── build ──────────────────────────────────────────────────────────────────────────────

  /** The classic builder's query, rebuilt from an allow-list with the session's limits and labels. */
  private buildQuery(ctx: Ctx): { q: URLSearchParams; memory: number; hiddenLabelSteps: number } {
    const get = (k: string) => ctx.query.get(k);
    // What clients send for "not set"; "0" and "false" only where they mean that (not for a CPU list).
    const zero = (v: string | null, falsy = false) =>
      v === null || ["", "null", "[]", "{}", ...(falsy ? ["0", "false"] : [])].includes(v.trim());
    const forbid = (k: string, code: string, en: string, ko: string, falsy = false) => {
      if (!zero(get(k), falsy)) throw refuse(code, en, ko);
    };
    if (get("remote")) {
      throw refuse(
        "build-remote",
        "docker build from a remote URL (build?remote=) is not allowed",
        "원격 URL로 빌드(build?remote=)하는 것은 허용되지 않습니다",
      );
    }
    if (get("version") === "2" || !zero(get("session")) || !zero(get("outputs"))) {
      throw refuse(
        "buildkit",
        "BuildKit is not available through the classroom gateway; use the classic builder (DOCKER_BUILDKIT=0 docker build …)",
        "교실 서버에서는 BuildKit을 쓸 수 없습니다. 기존 빌더(DOCKER_BUILDKIT=0 docker build …)를 쓰세요",
      );
    }
    forbid("cpusetcpus", "build-cpuset", "--cpuset-cpus is not allowed", "--cpuset-cpus는 허용되지 않습니다");
    forbid("cpusetmems", "build-cpuset", "--cpuset-mems is not allowed", "--cpuset-mems는 허용되지 않습니다");
    forbid("cgroupparent", "cgroup-parent", "--cgroup-parent is not allowed", "--cgroup-parent는 허용되지 않습니다");
    forbid("ulimits", "build-ulimits", "--ulimit is not allowed in builds", "빌드에서 --ulimit는 허용되지 않습니다");
    forbid("squash", "build-squash", "--squash is not available", "--squash는 쓸 수 없습니다", true);
    forbid("cachefrom", "build-cache-from", "--cache-from is not available", "--cache-from은 쓸 수 없습니다");
    const isolation = get("isolation");
    if (isolation && isolation !== "default")
      throw refuse("build-isolation", "--isolation is not allowed", "--isolation은 허용되지 않습니다");
    const net = get("networkmode");
    if (net && !["default", "bridge", "none"].includes(net)) {
      throw refuse(
        "build-network",
        `--network ${net} is not allowed in builds; use default, bridge or none`,
        `빌드에서 --network ${net}은 허용되지 않습니다. default, bridge, none 중에서 고르세요`,
      );
    }
    const extra = get("extrahosts");
    if (extra && !extra.split(",").every((h) => /^[A-Za-z0-9._-]+:[0-9A-Fa-f.:]+$/.test(h)))
      throw new HttpError(400, `invalid extra host: ${extra}`);
    const cap = this.gw.config.memory;
    const asked = Number(get("memory") ?? 0);
    const memory = asked > 0 ? Math.min(asked, cap) : cap;
    const shmAsked = Number(get("shmsize") ?? 0);
    const shm = shmAsked > 0 ? Math.min(shmAsked, this.gw.config.shmSize) : this.gw.config.shmSize;
    const shares = Number(get("cpushares") ?? 0);
    const learner = this.learnerLabels(get("labels"));
    let buildargs: Record<string, string> = {};
    const ba = get("buildargs");
    if (ba) {
      try {
        buildargs = (JSON.parse(ba) as Record<string, string> | null) ?? {};
      } catch {
        throw new HttpError(400, "buildargs: invalid JSON");
      }
    }
    const q = new URLSearchParams();
    for (const t of ctx.query.getAll("t").filter(Boolean)) {
      const { repo, tag } = parseLearnerRef(t);
      q.append("t", `${realRepo(ctx.sid, repo)}:${tag}`);
    }
    for (const k of ["q", "nocache", "target", "platform"]) {
      const v = get(k);
      if (v) q.set(k, v);
    }
    if (this.gw.config.pull === "always" && get("pull")) q.set("pull", get("pull") ?? "");
    if (Object.keys(buildargs).length) q.set("buildargs", JSON.stringify(buildargs));
    if (net) q.set("networkmode", net);
    if (extra) q.set("extrahosts", extra);
    q.set("rm", "1");
    q.set("forcerm", "1");
    q.set("memory", String(memory));
    q.set("memswap", String(memory));
    q.set("cpuperiod", "100000");
    q.set("cpuquota", String(Math.max(1000, Math.round(this.gw.config.cpus * 100_000))));
    if (shares > 0 && shares <= 1024) q.set("cpushares", String(Math.round(shares)));
    q.set("shmsize", String(shm));
    const labels = sessionLabels({ sid: ctx.sid, gatewayId: this.gw.gatewayId });
    q.set("labels", JSON.stringify({ ...learner, ...labels }));
    q.set("version", "1");
    return { q, memory, hiddenLabelSteps: Object.keys(labels).length };
  }

  private async build(ctx: Ctx) {
    let plan: ReturnType<ImageRoutes["buildQuery"]>;
    try {
      plan = this.buildQuery(ctx);
      if (this.building.has(ctx.sid))
        throw new HttpError(
          429,
          "classroom gateway: one build at a time per session (빌드는 세션마다 한 번에 하나씩입니다)",
        );
      const used = this.gw.registry.containersOf(ctx.sid).reduce((a, c) => a + c.memory, 0);
      if (used + plan.memory > this.gw.config.sessionMemory) {
        throw refuse(
          "quota-memory",
          `a build needs ${plan.memory} bytes of memory and the session's containers already use ${used} of ${this.gw.config.sessionMemory}; remove a container first`,
          "빌드에 쓸 메모리가 세션 한도를 넘습니다. 컨테이너를 먼저 지우세요",
        );
      }
      await this.syncImages();
      this.checkImageQuota(ctx, null, plan.q.has("t"));
    } catch (e) {
      ctx.req.resume();
      throw e;
    }
    this.building.add(ctx.sid);
    let streaming = false;
    try {
      const body = await readBody(ctx.req, this.gw.config.maxArchiveBody);
      const context = readBuildContext(body, ctx.query.get("dockerfile"), this.gw.config.maxArchiveBody);
      if (context.dockerfile.length > this.gw.config.maxBody)
        throw refuse("build-dockerfile-size", "the Dockerfile is too large", "Dockerfile이 너무 큽니다");
      const buildargs = JSON.parse(plan.q.get("buildargs") ?? "{}") as Record<string, string>;
      const checked = await checkDockerfile(context.dockerfile, buildargs, {
        baseImage: (ref) => this.baseImage(ctx, ref),
        stageLabels: sessionLabels({ sid: ctx.sid, gatewayId: this.gw.gatewayId }),
        target: plan.q.get("target"),
      });
      const tar =
        checked.dockerfile === context.dockerfile
          ? context.tar
          : replaceTarFile(context.tar, context.entry, Buffer.from(checked.dockerfile));
      plan.q.set("dockerfile", context.dockerfilePath);
      streaming = true;
      // buildah counts per stage; the whole count is the Dockerfile's steps and one per build label.
      const steps = checked.steps + Object.keys(JSON.parse(plan.q.get("labels") ?? "{}") as object).length;
      await this.streamBuild(ctx, `/build?${plan.q}`, tar, plan.hiddenLabelSteps + checked.labelSteps, steps);
    } finally {
      if (!streaming) this.building.delete(ctx.sid);
    }
  }

  /** Forward the build and stream its output in the session's names, without the gateway's LABEL steps. */
  private async streamBuild(ctx: Ctx, path: string, tar: Buffer, hidden: number, steps: number) {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.building.delete(ctx.sid);
      this.syncImages().catch(() => {});
    };
    let up: http.IncomingMessage;
    const { req, response } = this.gw.engine.stream("POST", ep(ctx, path), {
      body: tar,
      headers: { "Content-Type": "application/x-tar", "Content-Length": tar.length },
    });
    ctx.res.on("close", () => req.destroy());
    try {
      up = await response;
    } catch (e) {
      done();
      throw e;
    }
    if ((up.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of up) chunks.push(c as Buffer);
      done();
      return sendError(ctx.res, up.statusCode ?? 500, unprefix(ctx.sid, engineMessage(Buffer.concat(chunks))));
    }
    ctx.res.writeHead(200, { "Content-Type": up.headers["content-type"] ?? "application/json" });
    ctx.res.flushHeaders();
    const out = buildOutputFilter(hidden, (line) => ctx.res.write(`${unprefix(ctx.sid, line)}\n`));
    // Podman builds with buildah and says so in its own words: read as dockerd's classic builder.
    const stages = this.gw.engineKind === "podman" ? new BuildahStages(steps) : null;
    eachLine(
      up,
      (line) => {
        for (const l of stages ? dockerBuildLines(line, stages) : [line]) out.line(l);
      },
      () => {
        out.end();
        done();
        ctx.res.end();
      },
    );
    up.on("error", () => {
      done();
      ctx.res.destroy();
    });
    up.on("close", done);
  }

  private async imageCreate(ctx: Ctx) {
    ctx.req.resume();
    if (ctx.query.get("fromSrc")) {
      throw refuse(
        "images-import",
        "docker import (images/create?fromSrc=) is not allowed",
        "docker import(images/create?fromSrc=)는 허용되지 않습니다",
      );
    }
    const from = ctx.query.get("fromImage") ?? "";
    if (!from) throw new HttpError(400, "fromImage is required");
    const tagParam = ctx.query.get("tag") ?? "";
    const isDigest = tagParam.startsWith("sha256:");
    const ref = tagParam ? `${from}${isDigest ? "@" : ":"}${tagParam}` : from;
    if (!imageAllowed(ref, this.gw.config.allowImages)) throw refuseImage(ref, this.gw.config.allowImages);
    const { name, tag } = parseImageRef(ref);
    if (this.gw.config.pull === "local" && tag) {
      const local = await this.gw.engine.request(
        "GET",
        ep(ctx, `/images/${encodeURIComponent(`${name}:${tag}`)}/json`),
      );
      if (local.status === 200) {
        const img = JSON.parse(local.body.toString("utf8")) as { RepoDigests?: string[] };
        const repo = name.includes("/") ? name : `library/${name}`;
        const lines = [{ status: `Pulling from ${repo}`, id: tag }];
        const digest = img.RepoDigests?.[0]?.split("@")[1];
        if (digest) lines.push({ status: `Digest: ${digest}` } as { status: string; id: string });
        lines.push({ status: `Status: Image is up to date for ${name}:${tag}` } as { status: string; id: string });
        ctx.res.writeHead(200, { "Content-Type": "application/json" });
        ctx.res.end(lines.map((l) => `${JSON.stringify(l)}\r\n`).join(""));
        return;
      }
    }
    const q = qs({ fromImage: from, tag: tagParam, platform: ctx.query.get("platform") });
    await this.gw.pipe(ctx, "POST", ep(ctx, `/images/create${q}`));
  }
}

/** An image id as dockerd writes it (`sha256:` + 64 hex); Podman leaves the prefix off. */
function withDigestPrefix(id: string | undefined): string | undefined {
  return id && /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}
