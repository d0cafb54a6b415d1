/**
 * `npm run server -- [options]`: the classroom gateway. See --help and docs/classroom-server.md.
 */
import { ConfigError, helpText, parseConfig } from "./config";
import { consoleLogger, startGateway } from "./gateway";
import { PrepareError, prepareImages } from "./prepare-images";
import { formatDuration, formatSize } from "./units";

async function main() {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`npm run server: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  if (config === "help") {
    console.log(helpText());
    return;
  }
  if (config.prepareImages) {
    // An administrator's step before class (systemd: ExecStartPre=… --prepare-images); it never serves.
    try {
      const r = await prepareImages({ engine: config.engine, force: config.force, busybox: config.busybox });
      console.log(`prepare-images: ${r.built.length} built, ${r.skipped.length} already present`);
    } catch (e) {
      if (!(e instanceof PrepareError)) throw e;
      console.error(`npm run server -- --prepare-images: ${e.message}`);
      process.exit(1);
    }
    return;
  }
  const log = consoleLogger(config.quiet);
  const gw = await startGateway(config, log);
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${gw.port}/`;
  const bar = "─".repeat(64);
  console.log(bar);
  console.log(`  컨테이너 교실 게이트웨이 · Container Classroom gateway`);
  console.log(`  app + Engine API : ${url}`);
  console.log(`  engine           : ${gw.engine.target.label}   (gateway id ${gw.store.gatewayId})`);
  console.log(
    `  mode             : ${config.open ? "open (single user)" : `class (join code ${"*".repeat(config.joinCode?.length ?? 0)})`}`,
  );
  console.log(
    `  limits           : ${config.maxContainers} containers × ${formatSize(config.memory)} / ${config.cpus} CPU / ${config.pidsLimit} pids; session ${formatDuration(config.ttlMs)}, idle ${formatDuration(config.idleMs)}`,
  );
  console.log(`  images           : ${config.allowImages.join(", ")}`);
  console.log(`  state            : ${gw.store.file}  (audit: ${config.auditLog})`);
  console.log(`  sessions restored: ${gw.store.size}`);
  console.log(bar);
  let closing = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (closing) process.exit(1);
      closing = true;
      log.info(`${sig}: closing (sessions and containers are kept; they are rediscovered on the next start)`);
      gw.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((e) => {
  console.error(`npm run server: ${(e as Error).message}`);
  process.exit(1);
});
