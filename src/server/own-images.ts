/**
 * A session's own images: names, ownership and the session's view of engine image objects.
 *
 * A learner's `myapp:1.0` is stored on the engine as `cc-<session>-myapp:1.0` (the same prefix as
 * containers, volumes and networks), so two learners can both build `myapp`. Images a session
 * builds or commits also carry its labels. The gateway shows the allowed shared images plus the
 * session's own, with the prefix removed; anything else is "No such image".
 */
import { HttpError } from "./http-util";
import { imageAllowed, PolicyError } from "./policy";
import { LABEL_GATEWAY, LABEL_PREFIX, LABEL_SESSION, namePrefix } from "./registry";

type Obj = Record<string, unknown>;

/** Any session's image prefix: `cc-` + a session id (lowercase letters and digits) + `-`. */
const ANY_SESSION_PREFIX = /^cc-[a-z0-9]+-/;
/** Docker's grammar for one path component of a repository name. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

const refuse = (code: string, en: string, ko: string): PolicyError =>
  new PolicyError(code, `classroom policy: ${en} (교실 정책: ${ko})`);

export const isOwnTag = (sid: string, realTag: string) => realTag.startsWith(namePrefix(sid));

/** The session id in an engine tag `cc-<sid>-…`, or null. */
export function tagSession(realTag: string): string | null {
  const m = /^cc-([a-z0-9]+)-/.exec(realTag);
  return m ? m[1] : null;
}

/** The learner's name for an engine tag or text: the session prefix removed. */
export function unprefixImage(sid: string, text: string): string {
  return text.split(namePrefix(sid)).join("");
}

/**
 * A learner's repository (and optional tag) as given to build -t, commit and tag: Docker's
 * reference rules, `docker.io/library/` dropped, registry hosts refused (there is no push).
 */
export function parseLearnerRef(ref: string, tagParam?: string | null): { repo: string; tag: string } {
  let r = ref.trim();
  let tag = tagParam ?? "";
  if (!r) throw new HttpError(400, "repository name must have at least one component");
  if (r.includes("@")) throw new HttpError(400, `invalid reference format: ${ref} (a digest cannot be a tag)`);
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > slash) {
    if (tag) throw new HttpError(400, `invalid reference format: ${ref}:${tag}`);
    tag = r.slice(colon + 1);
    r = r.slice(0, colon);
  }
  if (!tag) tag = "latest";
  const parts = r.split("/");
  const first = parts[0];
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    if (["docker.io", "index.docker.io", "registry-1.docker.io"].includes(first)) {
      parts.shift();
      if (parts[0] === "library" && parts.length > 1) parts.shift();
    } else {
      throw refuse(
        "image-registry-name",
        `"${ref}" names a registry (${first}); images in the classroom stay on this server, so use a plain name such as myapp:1.0`,
        `"${ref}"는 레지스트리(${first})를 가리킵니다. 교실의 이미지는 이 서버에만 있으니 myapp:1.0 같은 이름을 쓰세요`,
      );
    }
  } else if (parts[0] === "library" && parts.length > 1) parts.shift();
  const repo = parts.join("/");
  if (repo !== repo.toLowerCase())
    throw new HttpError(400, `invalid reference format: repository name (${repo}) must be lowercase`);
  if (!parts.every((p) => PATH_COMPONENT.test(p))) throw new HttpError(400, `invalid reference format: ${ref}`);
  if (!TAG.test(tag)) throw new HttpError(400, `invalid tag format: ${tag}`);
  if (repo.length > 200) throw new HttpError(400, "invalid reference format: repository name too long");
  return { repo, tag };
}

/** The engine's repository for a learner's repository. */
export const realRepo = (sid: string, repo: string) => namePrefix(sid) + repo;

/**
 * What the session owns of an engine image: its prefixed tags, and whether it carries the session's
 * labels. `tags` are the image's tags as Docker names them (see the gateway's repoTags).
 */
export function ownership(
  sid: string,
  gatewayId: string,
  tags: string[],
  labels: unknown,
): { tags: string[]; labelled: boolean } {
  const l = (labels as Record<string, string> | null) ?? {};
  return {
    tags: tags.filter((t) => isOwnTag(sid, t)),
    labelled: l[LABEL_GATEWAY] === gatewayId && l[LABEL_SESSION] === sid,
  };
}

/** Whether an image is one of the classroom's shared images (an allowed tag that is no session's). */
export function isSharedImage(tags: string[], allow: string[]): boolean {
  return tags.some((t) => !ANY_SESSION_PREFIX.test(t) && imageAllowed(t, allow));
}

/** Tags of an image the session may see: its own (unprefixed) and the allowed shared ones. */
export function visibleTags(sid: string, tags: string[], allow: string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    if (isOwnTag(sid, t)) out.push(unprefixImage(sid, t));
    else if (!ANY_SESSION_PREFIX.test(t) && imageAllowed(t, allow)) out.push(t);
  }
  return out;
}

/** `LABEL io.container-classroom.…=…` text the classic builder leaves in history and ContainerConfig. */
export function scrubLabelText(s: string): string {
  const re = new RegExp(`\\s*"?${LABEL_PREFIX.replace(/\./g, "\\.")}[a-z]+"?='?[^\\s']*'?`, "g");
  return s.replace(re, "");
}

export function stripImageLabels(labels: unknown): Record<string, string> | null {
  if (!labels || typeof labels !== "object") return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels as Record<string, string>)) if (!k.startsWith(LABEL_PREFIX)) out[k] = v;
  return out;
}

/** An engine image summary (GET /images/json) in the session's view. */
export function viewImageSummary(sid: string, img: Obj, repoTags: string[], allow: string[]): Obj {
  const tags = visibleTags(sid, repoTags, allow);
  const digests = ((img.RepoDigests as string[] | null) ?? []).filter(
    (d) => !ANY_SESSION_PREFIX.test(d) && imageAllowed(d.split("@")[0], allow),
  );
  return {
    ...img,
    RepoTags: tags.length ? tags : ["<none>:<none>"],
    RepoDigests: digests.length ? digests : (img.RepoDigests as string[] | null)?.length ? [] : img.RepoDigests,
    Labels: stripImageLabels(img.Labels),
  };
}

/** An engine image inspect (GET /images/{id}/json) in the session's view. */
export function viewImageInspect(sid: string, img: Obj, repoTags: string[], allow: string[]): Obj {
  const cfg = (img.Config as Obj | null) ?? null;
  const cc = (img.ContainerConfig as Obj | null) ?? null;
  const scrubCmd = (c: Obj | null) =>
    c && {
      ...c,
      Labels: stripImageLabels(c.Labels),
      ...(Array.isArray(c.Cmd) ? { Cmd: (c.Cmd as string[]).map((x) => unprefixImage(sid, scrubLabelText(x))) } : {}),
      ...(typeof c.Image === "string" ? { Image: unprefixImage(sid, c.Image) } : {}),
    };
  return {
    ...img,
    RepoTags: visibleTags(sid, repoTags, allow),
    RepoDigests: ((img.RepoDigests as string[] | null) ?? []).filter(
      (d) => !ANY_SESSION_PREFIX.test(d) && imageAllowed(d.split("@")[0], allow),
    ),
    Config: scrubCmd(cfg),
    ContainerConfig: scrubCmd(cc),
  };
}

/** Image history in the session's view: the gateway's own LABEL steps dropped, names unprefixed. */
export function viewHistory(sid: string, rows: Obj[], allow: string[]): Obj[] {
  const out: Obj[] = [];
  let droppedTop = false;
  for (const [i, r] of rows.entries()) {
    const by = String(r.CreatedBy ?? "");
    const scrubbed = scrubLabelText(by);
    // A LABEL step that only carried the gateway's labels: not the learner's step.
    if (scrubbed !== by && /#\(nop\)\s+LABEL\s*$/.test(scrubbed)) {
      if (i === 0) droppedTop = true;
      continue;
    }
    out.push({
      ...r,
      CreatedBy: unprefixImage(sid, scrubbed),
      Tags: Array.isArray(r.Tags) ? visibleTags(sid, r.Tags as string[], allow) : r.Tags,
    });
  }
  // The image's own id and tags stay on the top row.
  if (droppedTop && out.length && rows[0]) {
    const tags = rows[0].Tags;
    out[0] = {
      ...out[0],
      Id: rows[0].Id,
      Tags: Array.isArray(tags) ? visibleTags(sid, tags as string[], allow) : tags,
    };
  }
  return out;
}

/** Docker's `reference` filter: a glob over the familiar name, with or without the tag. */
export function referenceMatches(pattern: string, tags: string[]): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]*")}$`,
  );
  return tags.some((t) => {
    const i = t.lastIndexOf(":");
    const repo = i > t.lastIndexOf("/") ? t.slice(0, i) : t;
    return re.test(t) || re.test(repo);
  });
}
