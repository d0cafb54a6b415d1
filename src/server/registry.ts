/**
 * Who owns what. Every object a session creates carries two labels (gateway id, session id) and,
 * when named, a real name `cc-<session>-<name>`, so two learners can both have `web`.
 * The registry is an in-memory index rebuilt from those labels at start (restart safety) and kept
 * current by our own creates/deletes plus the engine's event stream. Every reference a learner
 * sends (name, id, id prefix) is resolved here, inside the session, before the engine sees it:
 * the engine only ever receives full ids the session owns.
 */

export const LABEL_PREFIX = "io.container-classroom.";
export const LABEL_GATEWAY = `${LABEL_PREFIX}gateway`;
export const LABEL_SESSION = `${LABEL_PREFIX}session`;

export const namePrefix = (sid: string) => `cc-${sid}-`;
/** Docker's rule for container, volume and network names. */
export const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export interface OwnedContainer {
  id: string;
  sid: string;
  /** The engine's name, without "/". */
  realName: string;
  memory: number;
}

export interface OwnedVolume {
  realName: string;
  sid: string;
}

export interface OwnedNetwork {
  id: string;
  realName: string;
  sid: string;
}

/**
 * An image a session owns: built or committed by it (session labels), or carrying one of its tags
 * (`cc-<session>-<repo>:<tag>`, e.g. after `docker tag busybox mybox`). One engine image may be
 * owned by several sessions through their own tags (a shared image tagged twice): one entry each.
 */
export interface OwnedImage {
  id: string;
  sid: string;
  /** The engine's tags of this image that belong to the session (prefixed). */
  tags: string[];
  /** Built or committed by the session (its labels): the session may remove it by id. */
  labelled: boolean;
}

/** A learner-facing name for an engine name: strips the session prefix. */
export function displayName(sid: string, realName: string): string {
  const n = realName.startsWith("/") ? realName.slice(1) : realName;
  const p = namePrefix(sid);
  return n.startsWith(p) ? n.slice(p.length) : n;
}

export type Resolved<T> = { ok: T } | { status: number; message: string };

/** How many exec ids the registry remembers (see Registry.execs). */
export const MAX_EXECS = 2048;

export class Registry {
  readonly containers = new Map<string, OwnedContainer>();
  readonly volumes = new Map<string, OwnedVolume>();
  readonly networks = new Map<string, OwnedNetwork>();
  /**
   * exec id → owning session and container: a cache, at most MAX_EXECS entries, oldest dropped first
   * (the engine keeps an exec as long as its container, so a long-lived container exec'd into every
   * few seconds would grow it without end). A dropped id is looked up at the engine again.
   */
  readonly execs = new Map<string, { sid: string; containerId: string }>();
  /** `${sid} ${imageId}` → the session's image. Rebuilt from the engine after every image change. */
  readonly images = new Map<string, OwnedImage>();

  addContainer(c: OwnedContainer) {
    this.containers.set(c.id, c);
  }

  addExec(id: string, owner: { sid: string; containerId: string }) {
    this.execs.delete(id);
    this.execs.set(id, owner);
    if (this.execs.size > MAX_EXECS) {
      const oldest = this.execs.keys().next().value;
      if (oldest !== undefined) this.execs.delete(oldest);
    }
  }

  removeContainer(id: string) {
    this.containers.delete(id);
    for (const [eid, e] of this.execs) if (e.containerId === id) this.execs.delete(eid);
  }

  containersOf(sid: string): OwnedContainer[] {
    return [...this.containers.values()].filter((c) => c.sid === sid);
  }

  volumesOf(sid: string): OwnedVolume[] {
    return [...this.volumes.values()].filter((v) => v.sid === sid);
  }

  networksOf(sid: string): OwnedNetwork[] {
    return [...this.networks.values()].filter((n) => n.sid === sid);
  }

  /**
   * docker's lookup order, within the session: full id, exact name, unique id prefix.
   * Anything else is "No such container", whoever owns it.
   */
  resolveContainer(sid: string, ref: string): Resolved<OwnedContainer> {
    const notFound = { status: 404, message: `No such container: ${ref}` };
    if (!ref) return notFound;
    // A full id is the common case (the CLI resolves names once): no scan of every container for it.
    const byId = this.containers.get(ref);
    if (byId && byId.sid === sid) return { ok: byId };
    const mine = this.containersOf(sid);
    const name = ref.startsWith("/") ? ref.slice(1) : ref;
    const real = namePrefix(sid) + name;
    const byName = mine.find((c) => c.realName === real || c.realName === name);
    if (byName) return { ok: byName };
    if (/^[0-9a-f]+$/.test(ref)) {
      const hits = mine.filter((c) => c.id.startsWith(ref));
      if (hits.length === 1) return { ok: hits[0] };
      if (hits.length > 1) return { status: 400, message: `multiple IDs found with provided prefix: ${ref}` };
    }
    return notFound;
  }

  /** Volumes are found by name only (as in docker). */
  resolveVolume(sid: string, name: string): Resolved<OwnedVolume> {
    const v = this.volumes.get(namePrefix(sid) + name) ?? this.volumes.get(name);
    if (v && v.sid === sid) return { ok: v };
    return { status: 404, message: `get ${name}: no such volume` };
  }

  /** Networks: full id, name, id prefix, like containers. Shared networks are handled by the caller. */
  resolveNetwork(sid: string, ref: string): Resolved<OwnedNetwork> {
    const notFound = { status: 404, message: `network ${ref} not found` };
    const mine = this.networksOf(sid);
    const byId = this.networks.get(ref);
    if (byId && byId.sid === sid) return { ok: byId };
    const byName = mine.find((n) => n.realName === namePrefix(sid) + ref || n.realName === ref);
    if (byName) return { ok: byName };
    if (/^[0-9a-f]+$/.test(ref)) {
      const hits = mine.filter((n) => n.id.startsWith(ref));
      if (hits.length === 1) return { ok: hits[0] };
    }
    return notFound;
  }

  imagesOf(sid: string): OwnedImage[] {
    return [...this.images.values()].filter((i) => i.sid === sid);
  }

  /** Replace every session's images (after a scan of the engine's image list). */
  setImages(images: OwnedImage[]) {
    this.images.clear();
    for (const i of images) this.images.set(`${i.sid} ${i.id}`, i);
  }

  /** Forget everything of a session (after the reaper removed its objects). */
  dropSession(sid: string) {
    for (const i of this.imagesOf(sid)) this.images.delete(`${sid} ${i.id}`);
    for (const c of this.containersOf(sid)) this.removeContainer(c.id);
    for (const v of this.volumesOf(sid)) this.volumes.delete(v.realName);
    for (const n of this.networksOf(sid)) this.networks.delete(n.id);
  }

  sessionIds(): Set<string> {
    const s = new Set<string>();
    for (const c of this.containers.values()) s.add(c.sid);
    for (const v of this.volumes.values()) s.add(v.sid);
    for (const n of this.networks.values()) s.add(n.sid);
    for (const i of this.images.values()) if (i.labelled) s.add(i.sid);
    return s;
  }
}
