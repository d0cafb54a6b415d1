/** The classroom policy as pure functions: no engine needed. */
import { describe, expect, it } from "vitest";
import { helpText, parseConfig } from "../../src/server/config";
import { RateLimiter } from "../../src/server/http-util";
import {
  imageAllowed,
  isZero,
  type PolicyContext,
  PolicyError,
  parseImageRef,
  planContainerCreate,
  planExecCreate,
  planVolumeCreate,
} from "../../src/server/policy";
import { LABEL_GATEWAY, LABEL_SESSION, Registry } from "../../src/server/registry";
import { parseDuration, parseSize } from "../../src/server/units";
import { cliCreateBody } from "./harness";

function context(registry = new Registry()): PolicyContext {
  const cfg = parseConfig(["--open", "--state-dir", "/tmp/unused"], {});
  if (cfg === "help") throw new Error("help");
  return {
    sid: "s1",
    gatewayId: "gwtest",
    limits: cfg,
    container: (ref) => registry.resolveContainer("s1", ref),
    network: (ref) => (ref === "bridge" || ref === "none" ? ref : null),
    volumeRealName: (n) => `cc-s1-${n}`,
  };
}

function refusal(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("planContainerCreate", () => {
  it("builds the engine body itself, with every limit enforced", () => {
    const plan = planContainerCreate(cliCreateBody(["sleep", "1"]), context(), { name: "web" });
    const h = plan.body.HostConfig as Record<string, unknown>;
    expect(h.Memory).toBe(128 * 1024 ** 2);
    expect(h.MemorySwap).toBe(h.Memory);
    expect(h.NanoCpus).toBe(0.5e9);
    expect(h.PidsLimit).toBe(128);
    expect(h.CapDrop).toEqual(["ALL"]);
    expect(h.CapAdd).toContain("CHOWN");
    expect(h.CapAdd).not.toContain("NET_RAW");
    expect(h.SecurityOpt).toEqual(["no-new-privileges"]);
    expect(h.LogConfig).toEqual({ Type: "json-file", Config: { "max-size": String(1024 ** 2), "max-file": "1" } });
    expect(h.Privileged).toBeUndefined();
    expect(plan.body.Labels).toEqual({ [LABEL_GATEWAY]: "gwtest", [LABEL_SESSION]: "s1" });
  });

  it("lowers limits above the caps, with a warning the CLI prints", () => {
    const plan = planContainerCreate(
      cliCreateBody(["true"], { Memory: 8 * 1024 ** 3, NanoCpus: 4e9, PidsLimit: 100000 }),
      context(),
      {},
    );
    const h = plan.body.HostConfig as Record<string, number>;
    expect(h.Memory).toBe(128 * 1024 ** 2);
    expect(h.MemorySwap).toBe(128 * 1024 ** 2);
    expect(h.NanoCpus).toBe(0.5e9);
    expect(h.PidsLimit).toBe(128);
    expect(plan.warnings.join("\n")).toMatch(/memory lowered/);
  });

  it("keeps smaller requests and allowed extras", () => {
    const plan = planContainerCreate(
      cliCreateBody(["true"], {
        Memory: 64 * 1024 ** 2,
        CapAdd: ["NET_RAW"],
        CapDrop: ["CHOWN"],
        Binds: ["data:/data:ro"],
        Tmpfs: { "/t": "size=1g" },
      }),
      context(),
      {},
    );
    const h = plan.body.HostConfig as Record<string, unknown>;
    expect(h.Memory).toBe(64 * 1024 ** 2);
    expect(h.CapAdd).toContain("NET_RAW");
    expect(h.CapAdd).not.toContain("CHOWN");
    expect(h.Binds).toEqual(["cc-s1-data:/data:ro"]);
    expect(plan.volumes).toEqual(["data"]);
    expect((h.Tmpfs as Record<string, string>)["/t"]).toBe(`size=${64 * 1024 ** 2}`);
  });

  const refusals: [string, Record<string, unknown>, Record<string, unknown>?][] = [
    ["privileged", { Privileged: true }],
    ["host-network", { NetworkMode: "host" }],
    ["host-pid", { PidMode: "host" }],
    ["host-ipc", { IpcMode: "host" }],
    ["host-uts", { UTSMode: "host" }],
    ["host-userns", { UsernsMode: "host" }],
    ["host-cgroupns", { CgroupnsMode: "host" }],
    ["container-mode-not-owned", { NetworkMode: "container:abc" }],
    ["container-mode-not-owned", { PidMode: "container:abc" }],
    ["bind-mount", { Binds: ["/:/host"] }],
    ["bind-mount", { Binds: ["./here:/x"] }],
    ["bind-mount", { Mounts: [{ Type: "bind", Source: "/etc", Target: "/etc" }] }],
    ["docker-socket", { Binds: ["/var/run/docker.sock:/var/run/docker.sock"] }],
    [
      "volume-driver-opts",
      {
        Mounts: [
          {
            Type: "volume",
            Source: "v",
            Target: "/v",
            VolumeOptions: { DriverConfig: { Name: "local", Options: { type: "none", o: "bind", device: "/" } } },
          },
        ],
      },
    ],
    ["devices", { Devices: [{ PathOnHost: "/dev/mem", PathInContainer: "/dev/mem", CgroupPermissions: "rwm" }] }],
    ["device-requests", { DeviceRequests: [{ Driver: "", Count: -1, Capabilities: [["gpu"]] }] }],
    ["device-cgroup-rules", { DeviceCgroupRules: ["c 1:3 rmw"] }],
    ["cap-add", { CapAdd: ["SYS_ADMIN"] }],
    ["cap-add", { CapAdd: ["ALL"] }],
    ["seccomp-unconfined", { SecurityOpt: ["seccomp=unconfined"] }],
    ["apparmor-unconfined", { SecurityOpt: ["apparmor=unconfined"] }],
    ["label-disable", { SecurityOpt: ["label=disable"] }],
    ["systempaths", { MaskedPaths: [], ReadonlyPaths: [] }],
    ["sysctls", { Sysctls: { "net.ipv4.ip_forward": "1" } }],
    ["cgroup-parent", { CgroupParent: "/" }],
    ["runtime", { Runtime: "runc-unsafe" }],
    ["oom-kill-disable", { OomKillDisable: true }],
    ["log-driver", { LogConfig: { Type: "syslog", Config: {} } }],
    ["host-port", { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "80" }] } }],
    ["unknown-field", { SomethingNew: "x" }],
  ];
  for (const [code, host] of refusals) {
    it(`refuses ${code}: ${JSON.stringify(host).slice(0, 70)}`, () => {
      const e = refusal(() => planContainerCreate(cliCreateBody(["true"], host), context(), {}));
      expect(e.code).toBe(code);
      expect(e.status).toBe(403);
      expect(e.message).toMatch(/^classroom policy: .+ \(교실 정책: .+\)$/);
    });
  }

  it("refuses an empty body and reserved labels", () => {
    expect(refusal(() => planContainerCreate(undefined, context(), {})).code).toBe("empty-body");
    expect(
      refusal(() =>
        planContainerCreate(cliCreateBody(["true"], {}, { Labels: { [LABEL_SESSION]: "other" } }), context(), {}),
      ).code,
    ).toBe("reserved-label");
  });

  it("maps container:<id> modes to the session's own container", () => {
    const reg = new Registry();
    reg.addContainer({ id: "a".repeat(64), sid: "s1", realName: "cc-s1-db", memory: 0 });
    reg.addContainer({ id: "b".repeat(64), sid: "s2", realName: "cc-s2-db", memory: 0 });
    const plan = planContainerCreate(cliCreateBody(["true"], { NetworkMode: "container:db" }), context(reg), {});
    expect((plan.body.HostConfig as Record<string, unknown>).NetworkMode).toBe(`container:${"a".repeat(64)}`);
    expect(
      refusal(() =>
        planContainerCreate(cliCreateBody(["true"], { NetworkMode: `container:${"b".repeat(12)}` }), context(reg), {}),
      ).code,
    ).toBe("container-mode-not-owned");
  });
});

describe("exec and volume policy", () => {
  it("refuses privileged exec and builds a clean exec body", () => {
    expect(refusal(() => planExecCreate({ Cmd: ["sh"], Privileged: true })).code).toBe("privileged-exec");
    expect(
      planExecCreate({
        User: "",
        Privileged: false,
        Tty: true,
        AttachStdin: true,
        Cmd: ["sh"],
        DetachKeys: "",
        Env: null,
      }),
    ).toEqual({
      Cmd: ["sh"],
      Privileged: false,
      Tty: true,
      AttachStdin: true,
    });
  });
  it("refuses volumes with driver options that bind host paths", () => {
    const e = refusal(() =>
      planVolumeCreate(
        { Name: "root", Driver: "local", DriverOpts: { type: "none", o: "bind", device: "/" } },
        { sid: "s1", gatewayId: "g" },
      ),
    );
    expect(e.code).toBe("volume-driver-opts");
    expect(
      planVolumeCreate(
        { Name: "data", Driver: "local", DriverOpts: {}, Labels: { a: "b" } },
        { sid: "s1", gatewayId: "g" },
      ).labels,
    ).toEqual({
      a: "b",
      [LABEL_GATEWAY]: "g",
      [LABEL_SESSION]: "s1",
    });
  });
});

describe("images, units, config", () => {
  it("matches image references against the allow-list", () => {
    expect(parseImageRef("docker.io/library/busybox:1.36")).toEqual({ name: "busybox", tag: "1.36", digest: null });
    expect(imageAllowed("busybox", ["busybox"])).toBe(true);
    expect(imageAllowed("docker.io/library/busybox:1.36", ["busybox"])).toBe(true);
    expect(imageAllowed("alpine:3.19", ["alpine:3.20"])).toBe(false);
    expect(imageAllowed("evil/busybox", ["busybox"])).toBe(false);
    expect(imageAllowed("localhost:5000/busybox", ["busybox"])).toBe(false);
  });
  it("parses sizes and durations", () => {
    expect(parseSize("256m")).toBe(256 * 1024 ** 2);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("45")).toBe(45_000);
    expect(() => parseDuration("soon")).toThrow(/invalid duration/);
  });
  it("needs --join-code or --open, and documents the stable flags", () => {
    expect(() => parseConfig([], {})).toThrow(/--join-code/);
    expect(() => parseConfig(["--open", "--join-code", "abcd"], {})).toThrow(/choose one/);
    const c = parseConfig(
      ["--port", "9000", "--join-code", "abcd", "--ttl", "2h", "--allow-images", "busybox,alpine"],
      {},
    );
    expect(c).toMatchObject({ port: 9000, joinCode: "abcd", ttlMs: 7_200_000, allowImages: ["busybox", "alpine"] });
    expect(parseConfig(["--open"], { CC_MEMORY: "128m", DOCKER_HOST: "unix:///run/podman/podman.sock" })).toMatchObject(
      {
        memory: 128 * 1024 ** 2,
        engine: "unix:///run/podman/podman.sock",
      },
    );
    const help = helpText();
    for (const flag of [
      "--port P",
      "--join-code CODE",
      "--open",
      "--ttl",
      "--idle",
      "--allow-images",
      "--max-containers",
      "--memory",
    ]) {
      expect(help).toContain(flag);
    }
  });
  it("is zero for what clients send as 'unset'", () => {
    expect(isZero({ Type: "", Config: {} })).toBe(true);
    expect(isZero([0, 0])).toBe(true);
    expect(isZero({ a: "x" })).toBe(false);
  });
  it("rate-limits with a token bucket", () => {
    let t = 0;
    const rl = new RateLimiter(2, 3, () => t);
    expect([rl.take("a"), rl.take("a"), rl.take("a"), rl.take("a")]).toEqual([true, true, true, false]);
    t += 500;
    expect(rl.take("a")).toBe(true);
    expect(rl.take("b")).toBe(true);
  });
});
