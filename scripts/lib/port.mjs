// A free TCP port on 127.0.0.1: the preferred one when it is free, else the next free one up.

import { createServer } from "node:net";

function isFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1", exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export async function freePort(preferred) {
  for (let port = preferred; port < preferred + 100; port++) if (await isFree(port)) return port;
  throw new Error(`no free port in ${preferred}–${preferred + 99} on 127.0.0.1`);
}
