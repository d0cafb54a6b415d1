import { describe, expect, it } from "vitest";
import { createMachine } from "../../machine/machine";

describe("volumes", () => {
  it("outlive the containers that wrote them", async () => {
    const m = await createMachine();
    expect((await m.run("docker volume create mydata")).stdout).toBe("mydata\n");
    await m.run("docker run --rm -v mydata:/data busybox sh -c 'echo 안녕 > /data/hello.txt'");
    expect((await m.run("docker run --rm -v mydata:/data alpine cat /data/hello.txt")).stdout).toBe("안녕\n");
    expect((await m.run("docker volume ls")).stdout).toBe("DRIVER    VOLUME NAME\nlocal     mydata\n");
  });

  it("cannot be removed while a container uses them", async () => {
    const m = await createMachine();
    await m.run("docker run -d --name holder -v keep:/data busybox sleep 1000");
    const r = await m.run("docker volume rm keep");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error response from daemon: remove keep: volume is in use - \[[0-9a-f]{64}\]\n$/);
    await m.run("docker rm -f holder");
    expect((await m.run("docker volume rm keep")).exitCode).toBe(0);
  });

  it("bind mounts show host files, and :ro refuses writes", async () => {
    const m = await createMachine();
    await m.run("mkdir -p site && echo '<h1>bind</h1>' > site/index.html");
    await m.run("docker run -d --name web -p 8080:80 -v /home/student/site:/usr/share/nginx/html:ro nginx");
    expect((await m.run("curl -s localhost:8080")).stdout).toBe("<h1>bind</h1>\n");
    const w = await m.run("docker exec web sh -c 'echo x > /usr/share/nginx/html/x'");
    expect(w.exitCode).toBe(2);
    expect(w.stderr).toBe("/bin/sh: 1: cannot create /usr/share/nginx/html/x: Read-only file system\n");
    await m.run("echo changed > site/index.html");
    expect((await m.run("curl -s localhost:8080")).stdout).toBe("changed\n");
  });

  it("removes anonymous volumes with docker rm -v", async () => {
    const m = await createMachine();
    await m.run("docker run --name anon -v /data busybox true");
    expect((await m.run("docker volume ls -q | wc -l")).stdout.trim()).toBe("1");
    await m.run("docker rm -v anon");
    expect((await m.run("docker volume ls -q | wc -l")).stdout.trim()).toBe("0");
  });
});

describe("networks", () => {
  it("resolve container names on user-defined networks only", async () => {
    const m = await createMachine();
    await m.run("docker network create appnet && docker run -d --name api --network appnet nginx");
    const ok = await m.run("docker run --rm --network appnet alpine wget -qO- http://api");
    expect(ok.stdout).toContain("Welcome to nginx!");
    const bad = await m.run("docker run --rm alpine wget -qO- http://api");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("wget: bad address 'api'\n");
    const ping = await m.run("docker run --rm --network appnet busybox ping -c 2 api");
    expect(ping.stdout).toMatch(
      /^PING api \(172\.18\.0\.2\): 56 data bytes\n64 bytes from 172\.18\.0\.2: seq=0 ttl=64 time=/,
    );
    expect(ping.stdout).toContain("2 packets transmitted, 2 packets received, 0% packet loss");
  });

  it("keep containers on different networks apart", async () => {
    const m = await createMachine();
    await m.run(
      "docker network create a-net && docker network create b-net && docker run -d --name web --network a-net nginx",
    );
    const ip = (
      await m.run("docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$v.IPAddress}}{{end}}' web")
    ).stdout.trim();
    expect(ip).toMatch(/^172\.\d+\.0\.2$/);
    const r = await m.run(`docker run --rm --network b-net busybox ping -c 1 ${ip}`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("1 packets transmitted, 0 packets received, 100% packet loss");
  });

  it("refuse to remove a network with running containers", async () => {
    const m = await createMachine();
    await m.run("docker network create appnet && docker run -d --name api --network appnet busybox sleep 100");
    const r = await m.run("docker network rm appnet");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/has active endpoints\nexit status 1\n$/);
  });
});
