/**
 * What `docker context …` needs from the machine: the contexts it knows and a way to
 * switch. The `Machine` hands one in (src/engine/gateway/contexts.ts implements it);
 * without one there is only the `default` context, as on a fresh docker install.
 */
import { sha256Hex } from "../../../shared/sha256";
import type { DockerCli } from "../cli";

/** One row of `docker context ls` (its JSON field names). */
export interface DockerContextEntry {
  Name: string;
  Description: string;
  DockerEndpoint: string;
  Current: boolean;
  Error: string;
}

export interface DockerContextHost {
  list(): DockerContextEntry[];
  current(): string;
  /** Whether switching to `name` needs the class's join code, which the host does not have yet. */
  needsJoinCode(name: string): boolean;
  /** Switch; rejects (EngineError, EngineUnreachableError …) and stays where it was when it cannot. */
  use(name: string, opts: { joinCode?: string }): Promise<void>;
}

export const DEFAULT_CONTEXT: DockerContextEntry = {
  Name: "default",
  Description: "Current DOCKER_HOST based configuration",
  DockerEndpoint: "unix:///var/run/docker.sock",
  Current: true,
  Error: "",
};

/** The contexts as the CLI sees them, sorted by name like docker/cli. */
export function contextsOf(cli: DockerCli): DockerContextEntry[] {
  const list = cli.contexts?.list() ?? [DEFAULT_CONTEXT];
  return [...list].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

export function currentContext(cli: DockerCli): string {
  return cli.contexts?.current() ?? "default";
}

/** Where docker/cli keeps a context's metadata: $DOCKER_CONFIG/contexts/{meta,tls}/sha256(name). */
export function contextStorage(cli: DockerCli, name: string): { MetadataPath: string; TLSPath: string } {
  if (name === "default") return { MetadataPath: "<IN MEMORY>", TLSPath: "<IN MEMORY>" };
  const dir = cli.ctx.env.DOCKER_CONFIG || `${cli.ctx.env.HOME || "/root"}/.docker`;
  const id = sha256Hex(name);
  return { MetadataPath: `${dir}/contexts/meta/${id}`, TLSPath: `${dir}/contexts/tls/${id}` };
}

/** docker/cli's error for a context that does not exist. */
export function notFound(cli: DockerCli, name: string): string {
  return `context "${name}": context not found: open ${contextStorage(cli, name).MetadataPath}/meta.json: no such file or directory`;
}

/** Go's json.Marshal escapes <, > and & in strings. */
export const goJson = (s: string) => s.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
