/**
 * The CLI's credential store: ~/.docker/config.json on the host, as docker
 * login writes it without a credential helper ({"auths": {host: {"auth": base64(user:password)}}}).
 */
import type { RegistryAuth } from "../../engine/api/types";
import type { ProgramContext } from "../../machine/program";
import { base64, unbase64 } from "../../shared/base64";

export const HUB_AUTH_KEY = "https://index.docker.io/v1/";

interface ConfigFile {
  auths?: Record<string, { auth?: string }>;
  [k: string]: unknown;
}

export function configPath(ctx: ProgramContext): string {
  return `${ctx.env.DOCKER_CONFIG || `${ctx.env.HOME ?? "/root"}/.docker`}/config.json`;
}

async function read(ctx: ProgramContext): Promise<ConfigFile> {
  try {
    return JSON.parse(await ctx.fs.readFile(configPath(ctx))) as ConfigFile;
  } catch {
    return {};
  }
}

async function write(ctx: ProgramContext, cfg: ConfigFile): Promise<void> {
  const path = configPath(ctx);
  await ctx.fs.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await ctx.fs.writeFile(path, `${JSON.stringify(cfg, null, "\t")}`);
}

/** The registry key a reference's domain is stored under. */
export function authKey(domain: string): string {
  return domain === "docker.io" || domain === "index.docker.io" ? HUB_AUTH_KEY : domain;
}

export async function loadAuth(ctx: ProgramContext, domain: string): Promise<RegistryAuth | null> {
  const entry = (await read(ctx)).auths?.[authKey(domain)];
  if (!entry?.auth) return null;
  const decoded = unbase64(entry.auth);
  const i = decoded.indexOf(":");
  return { username: decoded.slice(0, i), password: decoded.slice(i + 1), serveraddress: domain };
}

export async function saveAuth(ctx: ProgramContext, domain: string, username: string, password: string): Promise<void> {
  const cfg = await read(ctx);
  cfg.auths = { ...(cfg.auths ?? {}), [authKey(domain)]: { auth: base64(`${username}:${password}`) } };
  await write(ctx, cfg);
}

export async function removeAuth(ctx: ProgramContext, domain: string): Promise<boolean> {
  const cfg = await read(ctx);
  const key = authKey(domain);
  if (!cfg.auths?.[key]) return false;
  delete cfg.auths[key];
  await write(ctx, cfg);
  return true;
}
