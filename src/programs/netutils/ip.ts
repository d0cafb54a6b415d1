/**
 * busybox's `ip` (busybox and alpine images; Debian and Ubuntu images have no iproute2): `ip addr`,
 * `ip link` and `ip route` of the container's own network namespace, in busybox 1.36's words.
 * Each network the container joined is an ethN veth, its MAC docker's 02:42 + the address.
 */
import type { Program } from "../../machine/program";

interface Iface {
  index: number;
  name: string;
  network: string;
  ip: string;
}

/** The namespace's interfaces: lo, then eth0, eth1 … in the order the networks were joined. */
function interfaces(ns: { id: string; addresses: Map<string, string> }): Iface[] {
  // veth indices are the host's: large and different for each container, two per pair.
  const seed = [...ns.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9000, 7);
  return [...ns.addresses]
    .filter(([net]) => net !== "lo")
    .map(([network, ip], i) => ({ index: 1000 + 2 * (seed + i * 2), name: `eth${i}`, network, ip }));
}

const mac = (ip: string) =>
  `02:42:${ip
    .split(".")
    .map((o) => Number(o).toString(16).padStart(2, "0"))
    .join(":")}`;
const broadcast = (ip: string) => `${ip.split(".").slice(0, 2).join(".")}.255.255`;

const USAGE = `BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.

Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]

OPTIONS := -f[amily] inet|inet6|link | -o[neline]

ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]
ip route list|flush|add|del|change|append|replace|test ROUTE
ip link set IFACE [up|down] [arp on|off] [multicast on|off]
\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]
\t[master IFACE | nomaster] [netns PID]
ip tunnel add|change|del|show [NAME]
\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]
ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]
ip rule [list] | add|del SELECTOR ACTION
`;

export const ip: Program = async (ctx) => {
  const args = [...ctx.args];
  let family: "4" | "6" | null = null;
  while (args[0]?.startsWith("-")) {
    const a = args.shift() ?? "";
    if (a === "-4" || a === "-6") family = a.slice(1) as "4" | "6";
    else {
      ctx.stderr(USAGE);
      return 1;
    }
  }
  const object = args.shift() ?? "";
  const { ns, network } = ctx.net;
  const ifs = interfaces(ns);
  const loopback = (addresses: boolean) => {
    const lines = ["1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000"];
    if (!family) lines.push("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
    if (addresses && family !== "6")
      lines.push("    inet 127.0.0.1/8 scope host lo", "       valid_lft forever preferred_lft forever");
    return lines;
  };
  const eth = (f: Iface, addresses: boolean) => {
    const lines = [
      `${f.index}: ${f.name}@if${f.index + 1}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue `,
    ];
    if (!family) lines.push(`    link/ether ${mac(f.ip)} brd ff:ff:ff:ff:ff:ff`);
    if (addresses && family !== "6")
      lines.push(
        `    inet ${f.ip}/16 brd ${broadcast(f.ip)} scope global ${f.name}`,
        "       valid_lft forever preferred_lft forever",
      );
    return lines;
  };
  const pick = (rest: string[]): Iface[] | "lo" | null => {
    const dev = rest[0] === "show" || rest[0] === "list" ? rest.slice(1) : rest;
    const name = dev[0] === "dev" ? dev[1] : dev[0];
    if (!name) return ifs;
    if (name === "lo") return "lo";
    const f = ifs.find((x) => x.name === name);
    if (!f) {
      ctx.stderr(`ip: can't find device '${name}'\n`);
      return null;
    }
    return [f];
  };
  const listing = (addresses: boolean) => {
    const chosen = pick(args);
    if (chosen === null) return 1;
    // Without a device, lo comes first.
    const out =
      chosen === "lo"
        ? loopback(addresses)
        : [...(args.length ? [] : loopback(addresses)), ...chosen.flatMap((f) => eth(f, addresses))];
    ctx.stdout(out.length ? `${out.join("\n")}\n` : "");
    return 0;
  };
  if (!object || "addr".startsWith(object) || object === "address") return listing(true);
  if ("link".startsWith(object)) {
    if (args.length === 0) family = null;
    return listing(false);
  }
  if ("route".startsWith(object)) {
    if (family === "6") return 0;
    const lines: string[] = [];
    ifs.forEach((f, i) => {
      const r = network.gatewayOf(f.network);
      if (!r) return;
      if (i === 0) lines.push(`default via ${r.gateway} dev ${f.name} `);
      lines.push(`${r.subnet} dev ${f.name} scope link  src ${f.ip} `);
    });
    ctx.stdout(lines.length ? `${lines.join("\n")}\n` : "");
    return 0;
  }
  ctx.stderr(USAGE);
  return 1;
};
