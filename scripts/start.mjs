#!/usr/bin/env node
// `npm start`: install dependencies if needed, then run Vite's dev server on 127.0.0.1 (5173 or the next free port).
// Simulator only: the whole machine runs in the browser. No server of ours, no Docker.

import { ensureDeps, ROOT } from "./lib/deps.mjs";

ensureDeps(ROOT);

const { createServer } = await import("vite");

const server = await createServer({
  root: ROOT,
  server: { host: "127.0.0.1", port: Number(process.env.PORT) || 5173, strictPort: false },
});
await server.listen();

const url = server.resolvedUrls?.local?.[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
const bar = "─".repeat(Math.max(48, url.length + 24));
console.log(`\n${bar}`);
console.log(`  컨테이너 교실이 열렸어요. 브라우저에서 여세요:  ${url}`);
console.log(`  Container Classroom is running. Open:         ${url}`);
console.log("  (끝내려면 Ctrl+C · press Ctrl+C to stop)");
console.log(`${bar}\n`);

let closing = false;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    if (closing) process.exit(1);
    closing = true;
    await server.close();
    process.exit(0);
  });
}
