/**
 * The simulated kernel's network: network namespaces (the host's and one per
 * container), bridges with their address ranges, listening sockets, the
 * published-port table (what docker-proxy and iptables do) and a tiny HTTP
 * layer so `curl localhost:8080` on the host reaches nginx in a container.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Address the request comes from, as the server sees it. */
  remoteAddr: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export type HttpHandler = (req: HttpRequest) => Promise<HttpResponse> | HttpResponse;

/** Why a connection failed, in the words curl and wget use. */
export class NetError extends Error {
  constructor(
    readonly kind: "refused" | "resolve" | "unreachable",
    readonly host: string,
    readonly port: number,
  ) {
    super(kind === "resolve" ? `Could not resolve host: ${host}` : `Failed to connect to ${host} port ${port}`);
  }
}

export interface NetNamespace {
  id: string;
  /** Addresses of this namespace's interfaces, by network name. */
  addresses: Map<string, string>;
  /** Names this namespace resolves through Docker's embedded DNS (user-defined networks). */
  listeners: Map<number, HttpHandler>;
}

interface Bridge {
  name: string;
  subnet: string; // "172.17.0"
  gateway: string;
  /** Docker's default bridge has no name resolution. */
  dns: boolean;
  members: Map<string, { ns: NetNamespace; aliases: string[] }>;
  nextHost: number;
}

interface PortBinding {
  hostIp: string;
  hostPort: number;
  proto: string;
  ns: NetNamespace;
  containerPort: number;
}

const encoder = new TextEncoder();

export class Network {
  readonly host: NetNamespace = { id: "host", addresses: new Map([["lo", "127.0.0.1"]]), listeners: new Map() };
  private bridges = new Map<string, Bridge>();
  private bindings: PortBinding[] = [];
  private nextSubnet = 18;

  constructor() {
    this.bridges.set("bridge", {
      name: "bridge",
      subnet: "172.17.0",
      gateway: "172.17.0.1",
      dns: false,
      members: new Map(),
      nextHost: 2,
    });
    this.host.addresses.set("docker0", "172.17.0.1");
  }

  namespace(id: string): NetNamespace {
    return { id, addresses: new Map([["lo", "127.0.0.1"]]), listeners: new Map() };
  }

  createBridge(name: string): { subnet: string; gateway: string } {
    const subnet = `172.${this.nextSubnet++}.0`;
    const b: Bridge = { name, subnet, gateway: `${subnet}.1`, dns: true, members: new Map(), nextHost: 2 };
    this.bridges.set(name, b);
    return { subnet: `${subnet}.0/16`, gateway: b.gateway };
  }

  /** A network's gateway and prefix, as `ip route` shows them (null for an unknown network). */
  gatewayOf(network: string): { gateway: string; subnet: string } | null {
    const b = this.bridges.get(network);
    return b ? { gateway: b.gateway, subnet: `${b.subnet}.0/16` } : null;
  }

  removeBridge(name: string): void {
    this.bridges.delete(name);
  }

  /** Attach a namespace to a bridge; returns its address. */
  attach(network: string, ns: NetNamespace, aliases: string[] = []): string {
    const b = this.bridges.get(network);
    if (!b) throw new Error(`network ${network} not found`);
    const ip = `${b.subnet}.${b.nextHost++}`;
    b.members.set(ns.id, { ns, aliases });
    ns.addresses.set(network, ip);
    return ip;
  }

  detach(network: string, ns: NetNamespace): void {
    this.bridges.get(network)?.members.delete(ns.id);
    ns.addresses.delete(network);
  }

  /** Publish a container port on the host. Throws the docker-proxy message when the port is taken. */
  publish(ns: NetNamespace, containerPort: number, hostPort: number, proto = "tcp", hostIp = "0.0.0.0"): void {
    if (this.bindings.some((b) => b.hostPort === hostPort && b.proto === proto) || this.host.listeners.has(hostPort)) {
      throw new Error(`Bind for ${hostIp}:${hostPort} failed: port is already allocated`);
    }
    this.bindings.push({ hostIp, hostPort, proto, ns, containerPort });
  }

  unpublishAll(ns: NetNamespace): void {
    this.bindings = this.bindings.filter((b) => b.ns !== ns);
  }

  /** A free host port from Docker's ephemeral range, for -P. */
  ephemeralPort(): number {
    for (let p = 32768; p < 60999; p++) if (!this.bindings.some((b) => b.hostPort === p)) return p;
    throw new Error("no free port");
  }

  /** Name resolution as a process in `from` sees it (/etc/hosts, Docker's embedded DNS on user networks). */
  resolve(from: NetNamespace, host: string): string | null {
    if (host === "localhost" || host === "127.0.0.1" || host === "::1") return "127.0.0.1";
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
    if (from === this.host && host === "classroom") return "127.0.0.1";
    for (const net of from.addresses.keys()) {
      const b = this.bridges.get(net);
      if (!b?.dns) continue;
      for (const m of b.members.values()) if (m.aliases.includes(host)) return m.ns.addresses.get(net) ?? null;
    }
    return null;
  }

  /** Find who answers at ip:port as seen from `from`. */
  private route(
    from: NetNamespace,
    ip: string,
    port: number,
  ): { ns: NetNamespace; port: number; remote: string } | "unreachable" | null {
    if (ip === "127.0.0.1") {
      if (from === this.host) {
        const bound = this.bindings.find((b) => b.hostPort === port);
        if (bound) return { ns: bound.ns, port: bound.containerPort, remote: this.gatewayFor(bound.ns) };
      }
      return from.listeners.has(port) ? { ns: from, port, remote: "127.0.0.1" } : null;
    }
    // The host reaches every bridge; a container reaches the bridges it is on, and the host's published ports.
    for (const b of this.bridges.values()) {
      for (const m of b.members.values()) {
        if (m.ns.addresses.get(b.name) !== ip) continue;
        const fromIp = from === this.host ? b.gateway : from.addresses.get(b.name);
        if (!fromIp) return "unreachable";
        return { ns: m.ns, port, remote: fromIp };
      }
      if (ip === b.gateway) {
        const bound = this.bindings.find((x) => x.hostPort === port);
        if (bound) return { ns: bound.ns, port: bound.containerPort, remote: b.gateway };
        return this.host.listeners.has(port) ? { ns: this.host, port, remote: from.addresses.get(b.name) ?? "" } : null;
      }
    }
    return "unreachable";
  }

  private gatewayFor(ns: NetNamespace): string {
    for (const [net] of ns.addresses) {
      const b = this.bridges.get(net);
      if (b) return b.gateway;
    }
    return "127.0.0.1";
  }

  /** Does an ICMP echo from `from` reach `host`? (ping) */
  ping(from: NetNamespace, host: string): { ip: string; reachable: boolean } {
    const ip = this.resolve(from, host);
    if (!ip) throw new NetError("resolve", host, 0);
    if (ip.startsWith("127.")) return { ip, reachable: true };
    const r = this.route(from, ip, 0);
    if (r === "unreachable") return { ip, reachable: false };
    return { ip, reachable: true };
  }

  /** Is `from` on a user-defined network (so Docker's embedded DNS at 127.0.0.11 answers)? */
  hasEmbeddedDns(from: NetNamespace): boolean {
    for (const net of from.addresses.keys()) if (this.bridges.get(net)?.dns) return true;
    return false;
  }

  /** An HTTP request from a namespace (curl, wget). */
  async request(
    from: NetNamespace,
    url: string,
    opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<HttpResponse & { url: string }> {
    const m = url.match(/^(?:(https?):\/\/)?([^/:?#]+|\[[^\]]+\])(?::(\d+))?([^?#]*)?(\?[^#]*)?/i);
    if (!m) throw new NetError("resolve", url, 80);
    const scheme = (m[1] ?? "http").toLowerCase();
    const host = m[2];
    const port = m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80;
    const path = `${m[4] || "/"}${m[5] ?? ""}`;
    const ip = this.resolve(from, host);
    if (!ip) throw new NetError("resolve", host, port);
    const target = this.route(from, ip, port);
    if (target === "unreachable") throw new NetError("unreachable", host, port);
    const handler = target?.ns.listeners.get(target.port);
    if (!target || !handler) throw new NetError("refused", host, port);
    const res = await handler({
      method: opts.method ?? "GET",
      path,
      headers: { host: m[3] ? `${host}:${port}` : host, ...(opts.headers ?? {}) },
      body: opts.body,
      remoteAddr: target.remote,
    });
    return { ...res, url: `${scheme}://${host}${m[3] ? `:${port}` : ""}${path}` };
  }

  snapshotBridges(): { name: string }[] {
    return [...this.bridges.values()].filter((b) => b.name !== "bridge").map((b) => ({ name: b.name }));
  }
}

export function textResponse(
  status: number,
  statusText: string,
  body: string,
  headers: Record<string, string> = {},
): HttpResponse {
  const bytes = encoder.encode(body);
  return { status, statusText, headers: { "content-length": String(bytes.length), ...headers }, body: bytes };
}
