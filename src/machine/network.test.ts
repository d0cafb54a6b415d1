import { describe, expect, it } from "vitest";
import { createMachine } from "./machine";

describe("published ports and curl", () => {
  it("reaches nginx in a container from the host through -p, and refuses when nothing listens", async () => {
    const m = await createMachine();
    expect((await m.run("docker run -d --name web -p 8080:80 nginx")).exitCode).toBe(0);
    const page = await m.run("curl -s localhost:8080");
    expect(page.stdout).toContain("<title>Welcome to nginx!</title>");
    const refused = await m.run("curl localhost:9090");
    expect(refused.exitCode).toBe(7);
    expect(refused.stderr).toBe(
      "curl: (7) Failed to connect to localhost port 9090 after 0 ms: Couldn't connect to server\n",
    );
    expect((await m.run("curl -s localhost:9090")).stderr).toBe("");
    expect((await m.run("docker ps --format '{{.Ports}}'")).stdout).toBe("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n");
    const logs = await m.run("docker logs web 2>/dev/null | tail -1");
    expect(logs.stdout).toMatch(/^172\.17\.0\.1 - - \[.*\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0" "-"\n$/);
  });

  it("serves each container's own files: the same image on two ports", async () => {
    const m = await createMachine();
    await m.run("docker run -d --name web1 -p 8081:80 nginx && docker run -d --name web2 -p 8082:80 nginx");
    await m.run(`docker exec web1 sh -c 'echo A > /usr/share/nginx/html/index.html'`);
    expect((await m.run("curl -s localhost:8081")).stdout).toBe("A\n");
    expect((await m.run("curl -s localhost:8082")).stdout).toContain("Welcome to nginx!");
  });

  it("refuses a host port that is already taken, as docker-proxy does", async () => {
    const m = await createMachine();
    await m.run("docker run -d --name web1 -p 8080:80 nginx");
    const r = await m.run("docker run -d --name web2 -p 8080:80 nginx");
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(
      /driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated/,
    );
    expect((await m.run("docker ps -a --filter name=web2 --format '{{.Status}}'")).stdout).toBe("Created\n");
  });

  it("frees the port when the container stops", async () => {
    const m = await createMachine();
    await m.run("docker run -d --name web1 -p 8080:80 nginx && docker stop web1");
    expect((await m.run("curl -s localhost:8080")).exitCode).toBe(7);
    expect((await m.run("docker run -d --name web2 -p 8080:80 nginx")).exitCode).toBe(0);
  });
});

describe("a container's own network, from inside", () => {
  it("ip addr, ip route and hostname -i show its address on each network it joined", async () => {
    const m = await createMachine({ clock: "virtual" });
    await m.run("docker pull -q busybox && docker network create shop");
    await m.run("docker run -d --name web busybox sleep 1000 && docker network connect shop web");
    const four = await m.run("docker exec web ip -4 addr");
    expect(four.stdout.replace(/^\d+: (eth\d)@if\d+/gm, "N: $1@ifN")).toBe(
      [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000",
        "    inet 127.0.0.1/8 scope host lo",
        "       valid_lft forever preferred_lft forever",
        "N: eth0@ifN: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue ",
        "    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0",
        "       valid_lft forever preferred_lft forever",
        "N: eth1@ifN: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue ",
        "    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth1",
        "       valid_lft forever preferred_lft forever",
        "",
      ].join("\n"),
    );
    expect((await m.run("docker exec web ip link show eth0")).stdout).toContain(
      "    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff\n",
    );
    expect((await m.run("docker exec web ip route")).stdout).toBe(
      "default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n172.18.0.0/16 dev eth1 scope link  src 172.18.0.2 \n",
    );
    // Checked on dockerd 20.10: only the first network's address (the first /etc/hosts line for the name).
    expect((await m.run("docker exec web hostname -i")).stdout).toBe("172.17.0.2\n");
    expect((await m.run("docker exec web nproc")).stdout).toBe("2\n");
    // Debian's and Ubuntu's images have no iproute2.
    expect((await m.run("docker run --rm ubuntu ip addr")).exitCode).toBe(127);
  });
});

describe("the machine as a container sees it", () => {
  it("free shows the host's memory even under -m, and uptime counts from the machine's boot", async () => {
    const m = await createMachine({ clock: "virtual" });
    await m.run("docker pull -q busybox");
    await m.clock.sleep(3 * 3600_000 + 7 * 60_000);
    expect((await m.run("docker run --rm -m 64m busybox free -m")).stdout).toBe(
      [
        "              total        used        free      shared  buff/cache   available",
        "Mem:           3911         612        2712           1         586        3105",
        "Swap:             0           0           0",
        "",
      ].join("\n"),
    );
    expect((await m.run("docker run --rm busybox free -h")).stdout).toContain(
      "Mem:           3.8G      612.3M        2.6G        1.2M      586.3M        3.0G\n",
    );
    expect((await m.run("docker run --rm busybox uptime")).stdout).toMatch(
      /^ \d\d:\d\d:\d\d up {2}3:07, {2}0 users, {2}load average: 0\.08, 0\.03, 0\.01\n$/,
    );
  });
});
