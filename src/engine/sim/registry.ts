/**
 * Remote registries of the simulated world, outside the engine: Docker Hub
 * (read-only, the catalogue in hub.ts) and a private Amazon ECR registry like
 * the one the seed's team pushes its server image to. Repositories must be
 * created first (`aws ecr create-repository`), pushes need a login, and blobs
 * are stored once per registry (so a second push says "Layer already exists").
 */

import { base64, unbase64 } from "../../shared/base64";
import { sha256Hex } from "../../shared/sha256";
import type { EcrApi, EcrRepositoryInfo } from "../api/ecr";
import { ECR_HOST } from "../api/ecr";
import type { ImageConfig } from "../api/types";
import type { HistoryEntry } from "./build";
import type { MaterialisedLayer } from "./hub";

export { ECR_ACCOUNT, ECR_HOST, ECR_REGION } from "../api/ecr";

export interface RegistryImage {
  config: ImageConfig;
  layers: MaterialisedLayer[];
  created: string;
  os: string;
  architecture: string;
  /** Image id in the engine that pushed it (so a pull back gives the same id). */
  id: string;
  history?: HistoryEntry[];
}

export interface EcrRepository {
  name: string;
  createdAt: number;
  tags: Map<string, { image: RegistryImage; digest: string; pushedAt: number }>;
}

export class EcrRegistry implements EcrApi {
  readonly host = ECR_HOST;
  readonly repositories = new Map<string, EcrRepository>();
  private blobs = new Set<string>();
  private tokenSerial = 0;

  /** What `aws ecr get-login-password` prints: a fresh token, valid for this registry. */
  issueToken(now: number): string {
    this.tokenSerial++;
    const payload = `{"payload":"${sha256Hex(`ecr:${now}:${this.tokenSerial}`)}","datakey":"${sha256Hex(`key:${this.tokenSerial}`)}","version":"2","type":"DATA_KEY","expiration":${Math.floor(now / 1000) + 43200}}`;
    return base64(payload);
  }

  /** ECR accepts user "AWS" with a token it issued. */
  checkCredentials(username: string, password: string): boolean {
    if (username !== "AWS") return false;
    try {
      const decoded = unbase64(password);
      return decoded.includes('"type":"DATA_KEY"') && decoded.includes('"payload":"');
    } catch {
      return false;
    }
  }

  createRepository(name: string, now: number): EcrRepository | null {
    if (this.repositories.has(name)) return null;
    const repo: EcrRepository = { name, createdAt: now, tags: new Map() };
    this.repositories.set(name, repo);
    return repo;
  }

  hasBlob(digest: string): boolean {
    return this.blobs.has(digest);
  }

  put(repo: EcrRepository, tag: string, image: RegistryImage, now: number): string {
    for (const l of image.layers) this.blobs.add(l.blobDigest);
    const digest = `sha256:${sha256Hex(`manifest:${repo.name}:${image.id}`)}`;
    repo.tags.set(tag, { image, digest, pushedAt: now });
    return digest;
  }

  listRepositories(): EcrRepositoryInfo[] {
    return [...this.repositories.values()].map((r) => ({
      name: r.name,
      createdAt: r.createdAt,
      images: [...r.tags.entries()].map(([tag, e]) => ({
        tag,
        digest: e.digest,
        pushedAt: e.pushedAt,
        size: e.image.layers.reduce((s, l) => s + l.compressedSize, 0),
      })),
    }));
  }

  create(name: string, now: number): EcrRepositoryInfo | null {
    const r = this.createRepository(name, now);
    return r ? { name: r.name, createdAt: r.createdAt, images: [] } : null;
  }

  snapshot(): unknown {
    return [...this.repositories.values()].map((r) => ({ name: r.name, createdAt: r.createdAt }));
  }

  restore(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const r of data as { name: string; createdAt: number }[]) this.createRepository(r.name, r.createdAt);
  }
}
