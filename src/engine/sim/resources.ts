/**
 * Volumes and networks of the simulated engine. A volume is a filesystem of
 * its own that outlives containers; a user-defined network is a bridge with
 * name resolution between its containers (the default bridge has none).
 */
import type { IFileSystem } from "just-bash";
import { MountableFs } from "just-bash";
import { EMPTY_LOWER, type Layer, LayeredFs } from "../../machine/layered-fs";
import type { Network } from "../../machine/network";
import { SubtreeFs } from "../../machine/subtree-fs";
import { rfc3339Nano } from "../../shared/clock";
import { badRequest, conflict, notFound } from "../api/errors";
import type { MountPoint, MountSpec, NetworkResource, Volume } from "../api/types";

export interface StoredVolume {
  name: string;
  created: number;
  labels: Record<string, string>;
  anonymous: boolean;
  data: LayeredFs;
}

/** A container's mount, resolved at create time. */
export interface ResolvedMount {
  type: "volume" | "bind";
  name?: string;
  source: string;
  destination: string;
  rw: boolean;
}

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class VolumeStore {
  readonly volumes = new Map<string, StoredVolume>();
  constructor(
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  create(name: string | undefined, labels: Record<string, string> = {}, anonymous = false): StoredVolume {
    const n = name || this.newId();
    if (name && !VOLUME_NAME.test(name)) {
      throw badRequest(
        `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    const existing = this.volumes.get(n);
    if (existing) return existing;
    const v: StoredVolume = {
      name: n,
      created: this.now(),
      labels,
      anonymous: anonymous || !name,
      data: new LayeredFs(EMPTY_LOWER, undefined, this.now),
    };
    this.volumes.set(n, v);
    return v;
  }

  get(name: string): StoredVolume {
    const v = this.volumes.get(name);
    if (!v) throw notFound(`get ${name}: no such volume`);
    return v;
  }

  toApi(v: StoredVolume): Volume {
    return {
      CreatedAt: new Date(v.created).toISOString().replace(/\.\d+Z$/, "Z"),
      Driver: "local",
      Labels: v.anonymous
        ? { "com.docker.volume.anonymous": "" }
        : Object.keys(v.labels).length
          ? { ...v.labels }
          : null,
      Mountpoint: `/var/lib/docker/volumes/${v.name}/_data`,
      Name: v.name,
      Options: null,
      Scope: "local",
    };
  }

  snapshot(): unknown {
    return [...this.volumes.values()].map((v) => ({
      name: v.name,
      created: v.created,
      labels: v.labels,
      anonymous: v.anonymous,
      upper: [...v.data.upper.entries()],
    }));
  }

  restore(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const v of data as {
      name: string;
      created: number;
      labels: Record<string, string>;
      anonymous: boolean;
      upper: [string, never][];
    }[]) {
      this.volumes.set(v.name, {
        name: v.name,
        created: v.created,
        labels: v.labels,
        anonymous: v.anonymous,
        data: new LayeredFs(EMPTY_LOWER, new Map(v.upper) as Layer, this.now),
      });
    }
  }
}

/** Turn -v and --mount specs into mounts; creates named and anonymous volumes as the daemon does. */
export function resolveMounts(
  binds: string[],
  mounts: MountSpec[],
  imageVolumes: string[],
  volumes: VolumeStore,
  hostExists: (path: string) => boolean,
): ResolvedMount[] {
  const out: ResolvedMount[] = [];
  const add = (m: ResolvedMount) => {
    if (out.some((x) => x.destination === m.destination)) throw badRequest(`Duplicate mount point: ${m.destination}`);
    out.push(m);
  };
  for (const spec of binds) {
    const parts = spec.split(":");
    const mode = parts.length === 3 || (parts.length === 2 && /^(ro|rw)$/.test(parts[1])) ? parts.pop() : undefined;
    const [a, b] = parts;
    const rw = mode !== "ro";
    if (b === undefined) {
      if (!a.startsWith("/"))
        throw badRequest(
          `invalid volume specification: '${spec}': invalid mount config for type "volume": invalid mount path: '${a}' mount path must be absolute`,
        );
      const v = volumes.create(undefined, {}, true);
      add({
        type: "volume",
        name: v.name,
        source: `/var/lib/docker/volumes/${v.name}/_data`,
        destination: a,
        rw: true,
      });
      continue;
    }
    if (!b.startsWith("/"))
      throw badRequest(
        `invalid volume specification: '${spec}': invalid mount config for type "${a.startsWith("/") ? "bind" : "volume"}": invalid mount path: '${b}' mount path must be absolute`,
      );
    if (a.startsWith("/")) add({ type: "bind", source: a, destination: b, rw });
    else {
      const v = volumes.create(a);
      add({ type: "volume", name: v.name, source: `/var/lib/docker/volumes/${v.name}/_data`, destination: b, rw });
    }
  }
  for (const m of mounts) {
    if (!m.Target?.startsWith("/"))
      throw badRequest(
        `invalid mount config for type "${m.Type}": invalid mount path: '${m.Target ?? ""}' mount path must be absolute`,
      );
    if (m.Type === "bind") {
      if (!m.Source) throw badRequest(`invalid mount config for type "bind": field Source must not be empty`);
      if (!hostExists(m.Source))
        throw badRequest(`invalid mount config for type "bind": bind source path does not exist: ${m.Source}`);
      add({ type: "bind", source: m.Source, destination: m.Target, rw: !m.ReadOnly });
    } else if (m.Type === "volume") {
      const v = volumes.create(m.Source || undefined, {}, !m.Source);
      add({
        type: "volume",
        name: v.name,
        source: `/var/lib/docker/volumes/${v.name}/_data`,
        destination: m.Target,
        rw: !m.ReadOnly,
      });
    } else throw badRequest(`mount type "${m.Type}" is not supported by this simulator`);
  }
  for (const dest of imageVolumes) {
    if (out.some((x) => x.destination === dest)) continue;
    const v = volumes.create(undefined, {}, true);
    out.push({
      type: "volume",
      name: v.name,
      source: `/var/lib/docker/volumes/${v.name}/_data`,
      destination: dest,
      rw: true,
    });
  }
  return out;
}

export function mountPoints(mounts: ResolvedMount[]): MountPoint[] {
  return mounts.map((m) => ({
    Type: m.type,
    ...(m.name ? { Name: m.name, Driver: "local" } : {}),
    Source: m.source,
    Destination: m.destination,
    Mode: m.type === "volume" ? "z" : m.rw ? "" : "ro",
    RW: m.rw,
    Propagation: m.type === "bind" ? "rprivate" : "",
  }));
}

/**
 * What a container's processes see: its root filesystem with volumes and bind
 * mounts on top. An empty named volume is first filled with what the image has
 * at the mount point, as Docker does.
 */
export async function containerView(
  root: LayeredFs,
  mounts: ResolvedMount[],
  volumes: VolumeStore,
  hostFs: IFileSystem,
  /** --read-only: the root filesystem refuses writes ("Read-only file system"); mounts keep their own mode. */
  readOnly = false,
): Promise<IFileSystem> {
  const base: IFileSystem = readOnly ? new SubtreeFs(root, "", true, "/") : root;
  if (!mounts.length) return base;
  const view = new MountableFs({ base });
  for (const m of [...mounts].sort((a, b) => a.destination.length - b.destination.length)) {
    await root.mkdir(m.destination, { recursive: true }).catch(() => {});
    let fs: IFileSystem;
    if (m.type === "volume") {
      const v = volumes.get(m.name as string);
      if (v.data.upper.size === 0) await copyInto(root, m.destination, v.data);
      fs = m.rw ? v.data : new SubtreeFs(v.data, "", true, m.destination);
    } else {
      if (!(await hostFs.exists(m.source))) await hostFs.mkdir(m.source, { recursive: true });
      fs = new SubtreeFs(hostFs, m.source, !m.rw, m.destination);
    }
    view.mount(m.destination, fs);
  }
  return view;
}

async function copyInto(root: LayeredFs, from: string, into: LayeredFs): Promise<void> {
  const n = root.node(from);
  if (n?.type !== "dir") return;
  for (const p of root.getAllPaths()) {
    if (!p.startsWith(`${from}/`)) continue;
    const rel = p.slice(from.length);
    const node = root.node(p);
    if (node?.type === "dir") await into.mkdir(rel, { recursive: true }).catch(() => {});
    else if (node?.type === "file") {
      await into.mkdir(rel.slice(0, rel.lastIndexOf("/")) || "/", { recursive: true }).catch(() => {});
      await into.writeFile(rel, node.content);
    }
  }
}

export interface StoredNetwork {
  id: string;
  name: string;
  driver: "bridge" | "host" | "null";
  created: number;
  labels: Record<string, string>;
  subnet: string;
  gateway: string;
  builtin: boolean;
}

export class NetworkStore {
  readonly networks = new Map<string, StoredNetwork>();
  constructor(
    private readonly net: Network,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {
    const t = now();
    this.networks.set("bridge", {
      id: newId(),
      name: "bridge",
      driver: "bridge",
      created: t,
      labels: {},
      subnet: "172.17.0.0/16",
      gateway: "172.17.0.1",
      builtin: true,
    });
    this.networks.set("host", {
      id: newId(),
      name: "host",
      driver: "host",
      created: t,
      labels: {},
      subnet: "",
      gateway: "",
      builtin: true,
    });
    this.networks.set("none", {
      id: newId(),
      name: "none",
      driver: "null",
      created: t,
      labels: {},
      subnet: "",
      gateway: "",
      builtin: true,
    });
  }

  find(idOrName: string): StoredNetwork {
    const byName = this.networks.get(idOrName);
    if (byName) return byName;
    const matches = [...this.networks.values()].filter((n) => n.id.startsWith(idOrName) && idOrName.length > 0);
    if (matches.length === 1) return matches[0];
    throw notFound(`network ${idOrName} not found`);
  }

  create(name: string, driver = "bridge", labels: Record<string, string> = {}): StoredNetwork {
    if (this.networks.has(name)) throw conflict(`network with name ${name} already exists`);
    if (driver !== "bridge") throw badRequest(`plugin "${driver}" not found`);
    const { subnet, gateway } = this.net.createBridge(name);
    const n: StoredNetwork = {
      id: this.newId(),
      name,
      driver: "bridge",
      created: this.now(),
      labels,
      subnet,
      gateway,
      builtin: false,
    };
    this.networks.set(name, n);
    return n;
  }

  remove(n: StoredNetwork): void {
    this.networks.delete(n.name);
    this.net.removeBridge(n.name);
  }

  toApi(n: StoredNetwork, containers: NetworkResource["Containers"]): NetworkResource {
    return {
      Name: n.name,
      Id: n.id,
      Created: rfc3339Nano(n.created),
      Scope: "local",
      Driver: n.driver,
      EnableIPv6: false,
      IPAM: { Driver: "default", Options: null, Config: n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway }] : [] },
      Internal: false,
      Attachable: false,
      Ingress: false,
      Containers: containers,
      Options:
        n.name === "bridge"
          ? { "com.docker.network.bridge.default_bridge": "true", "com.docker.network.bridge.name": "docker0" }
          : {},
      Labels: { ...n.labels },
    };
  }
}

/** Bytes of file content in a layer (a volume's data, a container's writable layer). */
export function fsBytes(fs: LayeredFs): number {
  let n = 0;
  for (const node of fs.upper.values())
    if (node.type === "file")
      n += typeof node.content === "string" ? new TextEncoder().encode(node.content).length : node.content.length;
  return n;
}
