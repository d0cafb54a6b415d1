/** Serves the built app (dist/) on the gateway's port: GET/HEAD, no directory listings, no "..". */
import { createReadStream, statSync } from "node:fs";
import type http from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".wasm": "application/wasm",
};

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "SAMEORIGIN",
};

export function serveStatic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  distDir: string | null,
  pathname: string,
) {
  req.resume();
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", ...SECURITY_HEADERS });
    res.end();
    return;
  }
  const notFound = (msg = "not found") => {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
    res.end(`${msg}\n`);
  };
  if (!distDir) return notFound();
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return notFound();
  }
  if (rel.includes("\0")) return notFound();
  if (rel.endsWith("/")) rel += "index.html";
  const file = normalize(join(distDir, rel));
  if (!file.startsWith(normalize(distDir) + sep)) return notFound();
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    if (pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...SECURITY_HEADERS });
      res.end(
        "<!doctype html><meta charset=utf-8><title>컨테이너 교실</title><p>앱이 아직 빌드되지 않았습니다: <code>npm run build</code> 후 서버를 다시 시작하세요.<p>The app is not built yet: run <code>npm run build</code> and restart the server.\n",
      );
      return;
    }
    return notFound();
  }
  if (!st.isFile()) return notFound();
  const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  const immutable = rel.startsWith("/assets/");
  res.writeHead(200, {
    "Content-Type": type,
    "Content-Length": st.size,
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    // Tells the app it was served by a gateway, so a plain static host never gets an /api/health probe (and a 404).
    ...(type.startsWith("text/html") ? { "Set-Cookie": "cc-gateway=1; Path=/; SameSite=Strict" } : {}),
    ...SECURITY_HEADERS,
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
