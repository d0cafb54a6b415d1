import { defineConfig } from "vitest/config";

// Unit tests run in Node: the machine, the engine and the lessons runtime are DOM-free by design.
// Browser behaviour is covered by Playwright (e2e/), which vitest must not pick up.
export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", "dist/**", "scratch/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // 2-core machines: keep the pool small so Playwright/vite in the same CI run are not starved.
    maxWorkers: 2,
    passWithNoTests: true,
  },
});
