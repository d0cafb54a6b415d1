import { describe, expect, it } from "vitest";
import { createMachine } from "../../machine/machine";
import { ECR_HOST, EcrRegistry } from "./registry";

const IMG = `${ECR_HOST}/server:1.0`;
const LOGIN = `aws ecr get-login-password --region ap-northeast-2 | docker login --username AWS --password-stdin ${ECR_HOST}`;

describe("the simulated Amazon ECR", () => {
  it("refuses a push without login, then without a repository, then accepts it", async () => {
    const m = await createMachine();
    await m.run(`docker pull -q busybox && docker tag busybox ${IMG}`);
    let r = await m.run(`docker push ${IMG}`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("no basic auth credentials\n");
    expect(r.stdout).toContain(`The push refers to repository [${ECR_HOST}/server]`);

    r = await m.run(LOGIN);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Login Succeeded\n");
    expect((await m.run("cat ~/.docker/config.json")).stdout).toContain(ECR_HOST);

    r = await m.run(`docker push ${IMG}`);
    expect(r.stderr).toBe(
      `name unknown: The repository with name 'server' does not exist in the registry with id '123456789012'\n`,
    );

    expect((await m.run("aws ecr create-repository --repository-name server --region ap-northeast-2")).exitCode).toBe(
      0,
    );
    r = await m.run(`docker push ${IMG}`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/: Pushed\n1\.0: digest: sha256:[0-9a-f]{64} size: \d+\n$/);
    r = await m.run(`docker push ${IMG}`);
    expect(r.stdout).toContain(": Layer already exists\n");
  });

  it("lets a clean machine pull the pushed image back after logging in", async () => {
    const ecr = new EcrRegistry();
    const a = await createMachine({ ecr });
    await a.run(
      `docker pull -q busybox && docker tag busybox ${IMG} && ${LOGIN} && aws ecr create-repository --repository-name server && docker push ${IMG}`,
    );
    const id = (await a.run(`docker images -q ${IMG}`)).stdout;
    const b = await createMachine({ ecr });
    const denied = await b.run(`docker pull ${IMG}`);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain("no basic auth credentials");
    const r = await b.run(`${LOGIN} && docker pull ${IMG}`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`Status: Downloaded newer image for ${IMG}`);
    expect((await b.run(`docker images -q ${IMG}`)).stdout).toBe(id);
    expect((await b.run(`docker run --rm ${IMG} cat /etc/passwd`)).exitCode).toBe(0);
  });

  it("rejects a login with a made-up password", async () => {
    const m = await createMachine();
    const r = await m.run(`echo hunter2 | docker login -u AWS --password-stdin ${ECR_HOST}`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `Error response from daemon: login attempt to https://${ECR_HOST}/v2/ failed with status: 400 Bad Request\n`,
    );
  });
});
