/**
 * Formatting that matches what the docker CLI prints, so the engine view and
 * the terminal agree (`docker images`, `docker ps`).
 */
import type { ContainerSummary } from "../../engine/api/types";

type Port = ContainerSummary["Ports"][number];

/** "sha256:abc…" → first 12 hex digits, like the CLI's short ids. */
export function shortId(id: string): string {
  const hex = id.startsWith("sha256:") ? id.slice("sha256:".length) : id;
  return hex.slice(0, 12);
}

const UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/**
 * go-units HumanSizeWithPrecision(size, 3): decimal units and Go's `%.3g`,
 * e.g. 187000000 → "187MB", 7800000 → "7.8MB", 0 → "0B".
 */
export function humanSize(bytes: number): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return goFormatG(size, 3) + UNITS[i];
}

/** Go's fmt `%.{precision}g`: shortest of %e / %f forms, no trailing zeros. */
function goFormatG(value: number, precision: number): string {
  if (value === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(precision)))));
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = value.toExponential(precision - 1).split("e");
    const m = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const fixed = value.toPrecision(precision);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
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
