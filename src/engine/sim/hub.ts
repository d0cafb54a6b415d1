/**
 * The simulated Docker Hub: which repositories and tags exist, their layers,
 * configs and sizes. Ids and digests are content addressed (sha256 of the
 * layer's files and of the config), so identical layers are stored once.
 */

import { type Layer, layerFrom } from "../../machine/layered-fs";
import { sha256Hex } from "../../shared/sha256";
import type { ImageConfig } from "../api/types";
import { alpineRootfs, busyboxRootfs, debianRootfs, helloRootfs, nginxLayer, ubuntuRootfs } from "./rootfs";

type Entries = Parameters<typeof layerFrom>[0];

export interface HubLayerSpec {
  /** Build the layer's files (lazily: only when pulled). */
  files: () => Entries;
  /** Compressed size in bytes (what pull shows) and unpacked size (what `docker images` shows). */
  size: number;
  /** Stable name so identical layers share an id across images. */
  key: string;
}

export interface HubImageSpec {
  /** Repository path on the registry, e.g. "library/busybox". */
  repo: string;
  tags: string[];
  layers: HubLayerSpec[];
  config: ImageConfig;
  created: string;
  os: "linux" | "windows";
  architecture: string;
}

const PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function config(partial: Partial<ImageConfig>): ImageConfig {
  return { User: "", Env: [PATH_ENV], Cmd: null, Entrypoint: null, WorkingDir: "", Labels: null, ...partial };
}

const alpineLayer = (v: string): HubLayerSpec => ({
  key: `alpine-${v}`,
  files: () => alpineRootfs(v),
  size: 3_623_807 + v.length * 1000,
});
const ubuntuLayer = (v: "22.04" | "24.04"): HubLayerSpec => ({
  key: `ubuntu-${v}`,
  files: () => ubuntuRootfs(v),
  size: v === "24.04" ? 29_754_290 : 29_537_682,
});
const debianLayer: HubLayerSpec = { key: "debian-bookworm", files: debianRootfs, size: 28_230_143 };

export const HUB: HubImageSpec[] = [
  {
    repo: "library/hello-world",
    tags: ["latest", "linux"],
    layers: [{ key: "hello", files: helloRootfs, size: 6_025 }],
    config: config({ Cmd: ["/hello"] }),
    created: "2023-05-02T16:49:27.000000000Z",
    os: "linux",
    architecture: "amd64",
  },
  {
    repo: "library/busybox",
    tags: ["latest", "1.37", "1.37.0", "stable"],
    layers: [{ key: "busybox-1.37", files: busyboxRootfs, size: 1_936_364 }],
    config: config({ Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["sh"] }),
    created: "2024-09-26T21:31:42.000000000Z",
    os: "linux",
    architecture: "amd64",
  },
  ...(["3.20", "3.19"] as const).map((v) => ({
    repo: "library/alpine",
    tags: v === "3.20" ? ["latest", "3.20", "3.20.3", "3"] : ["3.19", "3.19.4"],
    layers: [alpineLayer(v)],
    config: config({ Cmd: ["/bin/sh"] }),
    created: v === "3.20" ? "2024-09-06T12:05:36.000000000Z" : "2024-09-06T12:04:54.000000000Z",
    os: "linux" as const,
    architecture: "amd64",
  })),
  ...(["24.04", "22.04"] as const).map((v) => ({
    repo: "library/ubuntu",
    tags: v === "24.04" ? ["latest", "24.04", "noble"] : ["22.04", "jammy"],
    layers: [ubuntuLayer(v)],
    config: config({
      Cmd: ["/bin/bash"],
      Labels: { "org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": v },
    }),
    created: v === "24.04" ? "2024-10-11T03:40:13.000000000Z" : "2024-10-11T03:39:51.000000000Z",
    os: "linux" as const,
    architecture: "amd64",
  })),
  {
    repo: "library/debian",
    tags: ["latest", "bookworm", "12", "bookworm-slim"],
    layers: [debianLayer],
    config: config({ Cmd: ["bash"] }),
    created: "2024-11-11T00:00:00.000000000Z",
    os: "linux",
    architecture: "amd64",
  },
  {
    repo: "library/nginx",
    tags: ["latest", "1.27", "1.27.2", "mainline", "stable", "1.26"],
    layers: [debianLayer, { key: "nginx-1.27", files: nginxLayer, size: 40_012_654 }],
    config: config({
      Env: [PATH_ENV, "NGINX_VERSION=1.27.2", "NJS_VERSION=0.8.6", "PKG_RELEASE=1~bookworm"],
      Cmd: ["nginx", "-g", "daemon off;"],
      Entrypoint: ["/docker-entrypoint.sh"],
      ExposedPorts: { "80/tcp": {} },
      StopSignal: "SIGQUIT",
      Labels: { maintainer: "NGINX Docker Maintainers <docker-maint@nginx.com>" },
    }),
    created: "2024-10-02T17:55:35.000000000Z",
    os: "linux",
    architecture: "amd64",
  },
  {
    repo: "mcr.microsoft.com/windows/nanoserver",
    tags: ["ltsc2022", "ltsc2019"],
    layers: [],
    config: config({ Cmd: ["c:\\windows\\system32\\cmd.exe"] }),
    created: "2024-10-08T00:00:00.000000000Z",
    os: "windows",
    architecture: "amd64",
  },
];

/** Unpacked size is roughly 2.2× the compressed size for these images. */
export const unpackedSize = (layer: HubLayerSpec) => Math.round(layer.size * 2.2);

export interface MaterialisedLayer {
  /** sha256:… of the uncompressed layer (RootFS.Layers / diff_id). */
  diffId: string;
  /** sha256:… of the compressed blob (what pull shows, shortened to 12). */
  blobDigest: string;
  files: Layer;
  size: number;
  compressedSize: number;
}

const layerCache = new Map<string, MaterialisedLayer>();

export function materialiseLayer(spec: HubLayerSpec): MaterialisedLayer {
  let m = layerCache.get(spec.key);
  if (!m) {
    const entries = spec.files();
    const diffId = `sha256:${sha256Hex(`layer:${spec.key}:${JSON.stringify(entries)}`)}`;
    // Files carry the time the layer was built: the oldest image that has it.
    const built = HUB.filter((i) => i.layers.some((l) => l.key === spec.key)).map((i) => Date.parse(i.created));
    const files = layerFrom(entries, built.length ? Math.min(...built) : 0);
    // Scratch directories are world-writable with the sticky bit, as in every real image.
    for (const p of ["/tmp", "/var/tmp"]) {
      const n = files.get(p);
      if (n?.type === "dir") files.set(p, { ...n, mode: 0o1777 });
    }
    // root's home is root's alone.
    const root = files.get("/root");
    if (root?.type === "dir") files.set("/root", { ...root, mode: 0o700 });
    m = {
      diffId,
      blobDigest: `sha256:${sha256Hex(`blob:${diffId}`)}`,
      files,
      size: unpackedSize(spec),
      compressedSize: spec.size,
    };
    layerCache.set(spec.key, m);
  }
  return m;
}

/** Find a repository on the hub by its normalised path (library/busybox, mcr.microsoft.com/…). */
export function findRepo(repo: string): HubImageSpec[] {
  return HUB.filter((i) => i.repo === repo);
}

export function findTag(repo: string, tag: string): HubImageSpec | undefined {
  return HUB.find((i) => i.repo === repo && i.tags.includes(tag));
}

/** What Docker Hub's search shows for the catalogue's repositories (GET /images/search). */
const SEARCH: { name: string; description: string; stars: number; official: boolean }[] = [
  { name: "nginx", description: "Official build of Nginx.", stars: 20_589, official: true },
  {
    name: "ubuntu",
    description: "Ubuntu is a Debian-based Linux operating system based on free software.",
    stars: 17_596,
    official: true,
  },
  {
    name: "alpine",
    description: "A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!",
    stars: 11_043,
    official: true,
  },
  {
    name: "debian",
    description: "Debian is a Linux distribution that's composed entirely of free and open-source software.",
    stars: 5_191,
    official: true,
  },
  { name: "busybox", description: "Busybox base image.", stars: 3_318, official: true },
  {
    name: "hello-world",
    description: "Hello World! (an example of minimal Dockerization)",
    stars: 2_407,
    official: true,
  },
];

/** Search the catalogue by name or description, most stars first (Docker Hub's order for these). */
export function searchHub(term: string): { name: string; description: string; stars: number; official: boolean }[] {
  const t = term
    .toLowerCase()
    .replace(/^docker\.io\//, "")
    .replace(/^library\//, "");
  return SEARCH.filter((r) => r.name.includes(t) || r.description.toLowerCase().includes(t)).sort(
    (a, b) => b.stars - a.stars,
  );
}
