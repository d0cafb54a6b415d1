/**
 * Formatting that matches what the docker CLI prints, so the engine view and
 * the terminal agree (`docker images`, `docker ps`).
 */
import type { ContainerSummary } from "../../engine/api/types";

/** The same formatter the docker CLI uses (`docker images` SIZE column). */
export { humanSize } from "../../shared/format";

type Port = ContainerSummary["Ports"][number];

/** "sha256:abc…" → first 12 hex digits, like the CLI's short ids. */
export function shortId(id: string): string {
  const hex = id.startsWith("sha256:") ? id.slice("sha256:".length) : id;
  return hex.slice(0, 12);
}

/** "/web" → "web" (the API's names carry a leading slash). */
export function containerName(c: ContainerSummary): string {
  const name = c.Names[0] ?? shortId(c.Id);
  return name.startsWith("/") ? name.slice(1) : name;
}

/** Ports the way `docker ps` shows them: "0.0.0.0:8080->80/tcp, 443/tcp". */
export function formatPorts(ports: Port[]): string {
  return ports
    .map((p) => {
      if (p.PublicPort === undefined) return `${p.PrivatePort}/${p.Type}`;
      const ip = p.IP ?? "0.0.0.0";
      const host = ip.includes(":") ? `[${ip}]` : ip;
      return `${ip === "::" ? ":::" : `${host}:`}${p.PublicPort}->${p.PrivatePort}/${p.Type}`;
    })
    .join(", ");
}
