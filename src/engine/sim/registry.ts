/**
 * Remote registries of the simulated world, outside the engine: Docker Hub
 * (read-only, the catalogue in hub.ts) and a private Amazon ECR registry like
 * the one the seed's team pushes its server image to. Repositories must be
 * created first (`aws ecr create-repository`), pushes need a login, and blobs
 * are stored once per registry (so a second push says "Layer already exists").
 */
import type { ImageConfig } from "../api/types";
import { sha256Hex } from "../../shared/sha256";
import type { HistoryEntry } from "./build";
import type { MaterialisedLayer } from "./hub";

export const ECR_ACCOUNT = "123456789012";
export const ECR_REGION = "ap-northeast-2";
export const ECR_HOST = `${ECR_ACCOUNT}.dkr.ecr.${ECR_REGION}.amazonaws.com`;

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

export class EcrRegistry {
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

  snapshot(): unknown {
    return [...this.repositories.values()].map((r) => ({ name: r.name, createdAt: r.createdAt }));
  }

  restore(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const r of data as { name: string; createdAt: number }[]) this.createRepository(r.name, r.createdAt);
  }
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return out;
}

export function unbase64(s: string): string {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, "");
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
