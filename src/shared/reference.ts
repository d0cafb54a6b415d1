/**
 * Image references as docker/distribution parses them: `busybox` is
 * docker.io/library/busybox:latest; a first part with a dot, a colon or
 * "localhost" is a registry host.
 */
export interface ImageRef {
  /** Registry host: "docker.io", "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com" … */
  domain: string;
  /** Path on the registry: "library/busybox", "team/server". */
  path: string;
  tag: string;
  digest?: string;
  /** Short familiar form: "busybox", "team/server", "host/repo". */
  familiar: string;
}

const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export class ReferenceError_ extends Error {}

export function parseReference(input: string): ImageRef {
  if (input === "" || /\s/.test(input)) throw new ReferenceError_("invalid reference format");
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new ReferenceError_("invalid reference format");
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw new ReferenceError_("invalid reference format");
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    domain = parts.shift() as string;
  }
  if (parts.length === 0 || parts.some((p) => p === "")) throw new ReferenceError_("invalid reference format");
  for (const p of parts) {
    if (!NAME_COMPONENT.test(p)) {
      if (p.toLowerCase() !== p && NAME_COMPONENT.test(p.toLowerCase()))
        throw new ReferenceError_(
          `invalid reference format: repository name (${domain === "docker.io" && parts.length === 1 ? `library/${parts[0]}` : parts.join("/")}) must be lowercase`,
        );
      throw new ReferenceError_("invalid reference format");
    }
  }
  let path = parts.join("/");
  if (domain === "docker.io" && parts.length === 1) path = `library/${path}`;
  const familiar = domain === "docker.io" ? (path.startsWith("library/") ? path.slice(8) : path) : `${domain}/${path}`;
  return { domain, path, tag: tag ?? (digest ? "" : "latest"), digest, familiar };
}

/** "busybox:latest", "team/server:1.0", "host/repo:tag" */
export function familiarString(ref: ImageRef): string {
  return ref.digest && !ref.tag ? `${ref.familiar}@${ref.digest}` : `${ref.familiar}:${ref.tag}`;
}

/** "docker.io/library/busybox:latest" */
export function fullString(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}:${ref.tag}`;
}
