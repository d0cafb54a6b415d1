import { expect, openApp, run, test } from "./fixtures";

// The engine's bigger features must also work in the browser build (the worker bundle differs from Node's).

test("docker build runs in the browser, with BuildKit's progress and the cache", async ({ page }) => {
  await openApp(page);
  // The prompt helpers expect the home directory, so the build uses paths instead of cd.
  await run(page, "mkdir app && echo 안녕 > app/a.txt");
  await run(
    page,
    "echo FROM alpine > app/Dockerfile && echo COPY a.txt / >> app/Dockerfile && echo RUN cat /a.txt >> app/Dockerfile",
  );
  const first = await run(page, "docker build -t demo app");
  expect(first).toContain("FINISHED");
  expect(first).toContain("naming to docker.io/library/demo:latest");
  const second = await run(page, "docker build -t demo app");
  expect(second).toContain("CACHED [3/3] RUN cat /a.txt");
  expect(await run(page, "docker run --rm demo cat /a.txt")).toContain("안녕");
});

test("a published port reaches nginx from the host shell", async ({ page }) => {
  await openApp(page);
  await run(page, "docker run -d --name web -p 8080:80 nginx");
  expect(await run(page, "curl -s localhost:8080 | grep title")).toContain("<title>Welcome to nginx!</title>");
  await expect(
    page.getByTestId("engine-view").getByTestId("engine-container").filter({ hasText: "web" }),
  ).not.toHaveCount(0);
});
