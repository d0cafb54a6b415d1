/**
 * Real mode: the built app served by a classroom gateway (`npm run server -- --open`) in front of
 * the real dockerd. The learner switches the engine in the header, runs real containers from the
 * same terminal — a plain `docker run` and an interactive `docker run -it busybox sh` — and the
 * engine view follows the real engine's events. When the gateway goes away the terminal says so, and
 * switching back finds the simulator as it was.
 *
 * Skipped, with the reason, when no Docker engine (with busybox:latest) answers on this machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ChildGateway, engine, ROOT, startChildGateway } from "../tests/gateway-client/harness";
import { test as base, expect, focusTerminal, openApp, run, terminalText } from "./fixtures";

let gw: ChildGateway | null = null;

// This spec's pages come from the gateway (same origin as its Engine API), not from vite preview.
const test = base.extend({
  baseURL: async ({ baseURL }, use) => {
    await use(gw?.url ?? baseURL);
  },
});

test.describe("real mode through the classroom gateway", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async () => {
    test.skip(!engine.ok, `no real Docker engine: ${engine.reason}`);
    if (!existsSync(join(ROOT, "dist", "index.html"))) {
      const b = spawnSync(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], {
        cwd: ROOT,
        stdio: "inherit",
      });
      if (b.status !== 0) throw new Error("vite build failed");
    }
    gw = await startChildGateway(["--dist", join(ROOT, "dist")]);
  });

  test.afterAll(async () => {
    await gw?.destroy();
    gw = null;
  });

  test("switch to the real engine, run containers, follow real events, switch back", async ({ page, guard }) => {
    test.setTimeout(150_000);
    await openApp(page);
    const indicator = page.getByTestId("engine-indicator");
    const switchButton = page.getByTestId("engine-switch-button");
    const engineView = page.getByTestId("engine-view");
    await expect(indicator).toContainText("시뮬레이터");
    // Served by a gateway: the switch is offered.
    await expect(switchButton).toBeVisible();

    // Something in the simulator that must still be there after the round trip.
    await run(page, "docker create --name simkeep busybox", { timeout: 30_000 });
    await expect(engineView.getByTestId("engine-container").filter({ hasText: "simkeep" })).toHaveCount(1);

    await switchButton.click();
    await expect(page.getByTestId("engine-switch")).toHaveAttribute("data-context", "real");
    await expect(indicator).toContainText("실제 엔진");
    await expect(engineView.getByTestId("engine-context")).toHaveText("실제 엔진");
    await expect(engineView.getByTestId("engine-container")).toHaveCount(0);
    expect(await run(page, "docker context show")).toBe("classroom");

    expect(await run(page, "docker run --rm busybox echo hi", { timeout: 30_000 })).toBe("hi");

    // An interactive shell in a real container, on a real TTY.
    await focusTerminal(page);
    await page.keyboard.type("docker run -it busybox sh");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await terminalText(page)).trimEnd().endsWith("/ #"), { timeout: 30_000 }).toBe(true);
    await page.keyboard.type("echo $((6*7))");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await terminalText(page)).split("\n").some((l) => l.trim() === "42")).toBe(true);
    await page.keyboard.type("exit");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => (await terminalText(page)).trimEnd().endsWith("student@classroom:~$"), { timeout: 20_000 })
      .toBe(true);

    // The engine view follows the real engine's events: the container stops by itself, with
    // nothing typed, and the view shows it.
    await run(page, "docker run -d --name sleeper busybox sleep 3", { timeout: 30_000 });
    const sleeper = engineView.getByTestId("engine-container").filter({ hasText: "sleeper" });
    await expect(sleeper).toHaveAttribute("data-state", "running");
    await expect(sleeper).toHaveAttribute("data-state", "exited", { timeout: 20_000 });

    // The gateway goes away: the terminal says so in docker's words, with the Korean line under it,
    // the header shows the real engine as disconnected, and the simulator is one click away.
    guard.allowConsole.push(/Failed to load resource: net::ERR_CONNECTION_REFUSED/);
    await gw?.stop();
    const gone = await run(page, "docker ps", { timeout: 20_000 });
    expect(gone).toContain("Cannot connect to the Docker daemon at tcp://127.0.0.1:");
    expect(gone).toContain("교실 서버");
    await expect(indicator).toContainText("연결 끊김");
    await expect(engineView.getByTestId("engine-unreachable")).toBeVisible();

    // Back to the simulator: nothing lost.
    await switchButton.click();
    await expect(page.getByTestId("engine-switch")).toHaveAttribute("data-context", "sim");
    await expect(indicator).toContainText("시뮬레이터");
    await expect(engineView.getByTestId("engine-container").filter({ hasText: "simkeep" })).toHaveCount(1);
    await expect(engineView.getByTestId("engine-container").filter({ hasText: "sleeper" })).toHaveCount(0);
    expect(await run(page, "docker ps -a --format '{{.Names}}'")).toBe("simkeep");
  });
});

/**
 * `?gateway=URL`: the app comes from one origin (here vite preview), the gateway runs on another.
 * The gateway must name the app's origin with `--allow-origin`; then the switch, the Engine API
 * (CORS) and the terminal WebSocket (origin check) all work across origins.
 */
test.describe("real mode with ?gateway=URL from another origin", () => {
  test.describe.configure({ mode: "serial" });
  let cross: ChildGateway | null = null;

  test.afterEach(async () => {
    await cross?.destroy();
    cross = null;
  });

  test("an allowed origin switches to the gateway and runs a real container", async ({ page, baseURL, guard }) => {
    test.skip(!engine.ok, `no real Docker engine: ${engine.reason}`);
    test.setTimeout(120_000);
    const appOrigin = new URL(baseURL ?? "").origin;
    cross = await startChildGateway(["--allow-origin", appOrigin]);
    expect(new URL(cross.url).origin).not.toBe(appOrigin);
    guard.allowOrigins.push(new URL(cross.url).origin);
    await openApp(page, `/?gateway=${encodeURIComponent(cross.url)}`);
    const switchButton = page.getByTestId("engine-switch-button");
    await expect(switchButton).toBeVisible();
    await switchButton.click();
    await expect(page.getByTestId("engine-switch")).toHaveAttribute("data-context", "real");
    expect(await run(page, "docker run --rm busybox echo across", { timeout: 30_000 })).toBe("across");
    // A task only the simulator can do (the simulated ECR) says so in real mode.
    await showEcrTagStep(page);
    await expect(page.getByTestId("task-sim-only")).toContainText("docker context use default");
    // An interactive container goes over the gateway's WebSocket, which checks the origin.
    await focusTerminal(page);
    await page.keyboard.type("docker run -it --rm busybox sh");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await terminalText(page)).trimEnd().endsWith("/ #"), { timeout: 30_000 }).toBe(true);
    await page.keyboard.type("exit");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => (await terminalText(page)).trimEnd().endsWith("student@classroom:~$"), { timeout: 20_000 })
      .toBe(true);
  });

  test("an origin the gateway does not allow gets no switch, and the simulator stays", async ({ page, guard }) => {
    test.skip(!engine.ok, `no real Docker engine: ${engine.reason}`);
    cross = await startChildGateway([]);
    // The browser blocks the cross-origin probe (no CORS headers): that console line is expected.
    guard.allowConsole.push(/CORS policy|Failed to load resource/);
    guard.allowOrigins.push(new URL(cross.url).origin);
    await openApp(page, `/?gateway=${encodeURIComponent(cross.url)}`);
    await expect(page.getByTestId("engine-indicator")).toContainText("시뮬레이터");
    await expect(page.getByTestId("engine-switch-button")).toHaveCount(0);
    expect(await run(page, "docker run --rm busybox echo sim")).toBe("sim");
    await showEcrTagStep(page);
    await expect(page.getByTestId("task-sim-only")).toHaveCount(0);
  });
});

/** Lesson 04's step with the ECR tagging task (`engines: [sim]`). */
async function showEcrTagStep(page: import("@playwright/test").Page) {
  await page.getByTestId("lesson-select").selectOption("registry-and-ecr");
  await page.getByTestId("step-5").click();
  await expect(page.locator('[data-testid="lesson-step"][data-step="5"]')).toBeVisible();
}
