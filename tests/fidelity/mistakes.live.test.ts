/**
 * Live fidelity of the mistakes students make: misspelt commands, flags
 * without values, missing arguments, wrong order, bad references, port,
 * name, volume and format typos, objects that are missing or in use, and the
 * bash around docker. Each script runs through a REAL docker (bash -c) and
 * through the simulator; stdout, stderr and exit codes must agree after
 * normalise.ts, exactly as in live.test.ts (same harness, same mappings of
 * Engine 20.10's wording to current wording).
 *
 * Skipped, with the reason, when no daemon answers or busybox:latest is
 * missing. Real objects are created under a unique prefix and removed
 * afterwards. Not compared here (see docs/fidelity.md): `docker build` (this
 * machine's CLI has no buildx and prints the legacy builder's banner).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { diff, inSim, probe, sh } from "./live-harness";
import { type NormOptions, warmUpJustBash } from "./normalise";

const env = probe();
beforeAll(warmUpJustBash, 60_000);
if (!env.live) console.warn(`[mistakes live fidelity] skipped: ${env.why}`);

/** Unique per run, so real objects never collide with anyone else's. */
const P = `mis${process.pid}${Date.now().toString(36)}`;

interface Script {
  name: string;
  script: string;
  norm?: NormOptions;
  /** The command whose last word modernise() reads (a 20.10 message that names no container, an offline pull). */
  cmd?: string;
}

const rc = 'echo "rc=$?"';
/** One mistake per line, each followed by its exit code. */
const lines = (...cmds: string[]) => cmds.map((c) => `${c}; ${rc}`).join("\n");

const SCRIPTS: Script[] = [
  {
    name: "misspelt commands, subcommands and flags",
    script: lines(
      "docker pss",
      "docker imgaes",
      "docker contianer ls",
      "docker container lss",
      "docker Run busybox",
      "docker ps --al",
      "docker images -z",
      "docker system prune -z",
      "docker -v",
    ),
  },
  {
    name: "flags without values",
    script: lines(
      "docker run -p busybox",
      "docker run --rm",
      "docker run -it",
      "docker run -e",
      "docker run --name",
      "docker run -v",
      "docker logs -f",
      "docker stop -t x x",
      `docker stop -t ${P}nosuch`,
      `docker logs --tail x ${P}nosuch`,
    ),
  },
  {
    name: "missing arguments",
    script: lines(
      "docker run",
      "docker exec",
      `docker exec ${P}web`,
      "docker rm",
      "docker rm -f",
      "docker stop",
      "docker start",
      "docker start -a",
      "docker wait",
      "docker attach",
      "docker rmi",
      "docker pull",
      "docker tag",
      "docker tag busybox",
      "docker cp",
      "docker cp a b",
      "docker container rm",
      "docker image rm",
      "docker container",
      "docker network create",
      "docker network rm",
      "docker volume rm",
      "docker network connect",
    ),
  },
  {
    name: "options after the image, and an option eating the image",
    script: lines(
      `docker run --name ${P}x busybox --name y echo hi`,
      "docker run --rm busybox -d sleep 9",
      "docker run --rm -w busybox pwd",
      "docker run --rm -w app busybox pwd",
      "docker run --rm -e busybox",
      "docker run --rm -it=false busybox echo hi",
      "docker run --rm -d=maybe busybox true",
      "docker run --rm --rm busybox echo twice",
      "docker run --rm --restart=no busybox echo ok",
    ),
  },
  {
    name: "bad image references",
    script: lines(
      "docker run BusyBox",
      "docker run busybox:",
      "docker run busybox:bad:tag",
      "docker pull Busybox",
      "docker pull busybox:",
      "docker tag busybox Bad/Name",
      "docker tag busybox Bad",
      "docker tag busybox bad:T@",
      "docker tag BusyBox x",
      "docker tag busybox 'a b'",
      `docker tag ${P}nosuch x`,
      "docker rmi busybox:nosuch",
      `docker history ${P}nosuch`,
      `docker image inspect ${P}nosuch`,
    ),
  },
  {
    name: "an image that is not on this machine (the pull fails)",
    cmd: "docker run my_image",
    script: lines("docker run my_image"),
  },
  {
    name: "port mistakes",
    script: lines(
      "docker run --rm -p 80 busybox true",
      "docker run --rm -p abc:80 busybox true",
      "docker run --rm -p 70000:80 busybox true",
      "docker run --rm -p 8080:80:90 busybox true",
      "docker run --rm -p 8080: busybox true",
      "docker run --rm -p 80:abc busybox true",
      "docker run --rm -p 0:80 busybox true",
      "docker run --rm -p 8080:80/xyz busybox true",
    ),
  },
  {
    name: "the same host port twice, and asking for a port that is not published",
    script: `docker run -d --name ${P}p1 -p 18080:80 busybox sleep 100 > /dev/null
${lines(`docker run -d --name ${P}p2 -p 18080:80 busybox sleep 100`)}
docker ps -a --filter name=${P}p --format '{{.Names}} {{.Status}}'
${lines(`docker port ${P}p1 81`, `docker port ${P}p1 80/udp`, `docker port ${P}p1`)}
docker rm -f ${P}p1 ${P}p2 > /dev/null`,
  },
  {
    name: "a start failure with -d: the id first, then the error",
    script: `${lines(`docker run -d --rm --name ${P}rmf busybox nosuchcmd`)}
docker ps -a -q --filter name=${P}rmf | wc -l`,
  },
  {
    name: "name mistakes",
    script: `docker run -d --name ${P}n1 busybox sleep 100 > /dev/null
${lines(
  `docker run -d --name ${P}n1 busybox sleep 100`,
  "docker run --name 'my web' busybox true",
  "docker run --name -web busybox true",
  "docker run --rm --name a busybox true",
  `docker start ${P}nosuch`,
  `docker stop ${P}nosuch`,
  `docker rm ${P}nosuch`,
)}
docker rm -f ${P}n1 > /dev/null`,
  },
  {
    name: "rm of a running container without -f",
    cmd: `docker rm ${P}r1`,
    script: `docker run -d --name ${P}r1 busybox sleep 100 > /dev/null
${lines(`docker rm ${P}r1`)}
docker rm -f ${P}r1`,
  },
  {
    name: "stopped and missing containers",
    script: `docker create --name ${P}st busybox sleep 10 > /dev/null
docker run -d --name ${P}up busybox sleep 100 > /dev/null
${lines(
  `docker exec ${P}st ls`,
  `docker exec -it ${P}nosuch sh`,
  `docker exec -it ${P}up sh`,
  `docker exec -d -it ${P}up sleep 1`,
  `docker kill ${P}st`,
  `docker kill -s NOPE ${P}nosuch`,
  `docker kill -s NOPE ${P}up`,
  `docker logs ${P}nosuch`,
  `docker inspect ${P}nosuch`,
  `docker container inspect ${P}nosuch`,
  `docker inspect --type bogus ${P}nosuch`,
  `docker inspect --type volume ${P}nosuch`,
  `docker cp ${P}nosuch:/etc/hostname /tmp`,
  `docker cp ${P}st /tmp`,
)}
docker rm -f ${P}st ${P}up > /dev/null`,
  },
  {
    name: "volume and mount mistakes",
    script: `${lines(
      "docker run --rm -v :/data busybox true",
      "docker run --rm -v /data: busybox true",
      "docker run --rm -v /a:/b:ro:x busybox true",
      "docker run --rm -v /tmp:data busybox true",
      `docker run --rm -v ${P}rel:/data busybox true`,
      "docker volume create 'bad name'",
      `docker volume rm ${P}nosuch`,
      `docker volume inspect ${P}nosuch`,
    )}
docker volume create ${P}v > /dev/null
docker run -d --name ${P}vu -v ${P}v:/data busybox sleep 100 > /dev/null
${lines(`docker volume rm ${P}v`)}
docker rm -f ${P}vu > /dev/null
docker volume rm ${P}v ${P}rel`,
  },
  {
    name: "rm of a network that a running container uses",
    script: `docker network create ${P}net > /dev/null
docker run -d --name ${P}nc --network ${P}net busybox sleep 100 > /dev/null
${lines(`docker network rm ${P}net`)}
docker rm -f ${P}nc > /dev/null
docker network rm ${P}net`,
  },
  {
    name: "network mistakes",
    script: lines(
      "docker network rm bridge",
      "docker network rm host none",
      `docker network rm ${P}nosuch`,
      `docker network rm -f ${P}nosuch`,
      "docker network create bridge",
      `docker network inspect ${P}nosuch`,
      `docker network connect ${P}nosuch ${P}nosuch2`,
      `docker run --rm --network ${P}nosuch busybox true`,
    ),
  },
  {
    name: "format and filter typos",
    script: `docker run -d --name ${P}f busybox sleep 100 > /dev/null
${lines(
  "docker ps -a -q --filter nme=x",
  "docker ps --format '{{.Nme}}'",
  "docker ps --format '{{.Names'",
  `docker ps --filter name=${P}f --format 'table {{.Names}}\\t{{.Image}}'`,
  "docker inspect -f '{{.Nope}}' busybox",
  `docker inspect -f '{{.State.Nope}}' ${P}f`,
  `docker inspect -f '{{.State.Status.Nope}}' ${P}f`,
  `docker inspect -f '{{.State.Pid.Nope}}' ${P}f`,
  `docker inspect -f 'x {{.Name}} {{.State.Nope}}' ${P}f`,
  `docker inspect -f '{{if .Nope}}a{{end}}' ${P}f`,
  `docker inspect -f '{{ json .Config.Nope }}' ${P}f`,
  "docker inspect -f '{{.Name' busybox",
  "docker images --filter dangling=maybe",
  "docker images --filter nosuch=1",
)}
docker rm -f ${P}f > /dev/null`,
  },
  {
    name: "bash around docker",
    script: lines(
      `docker ps | grep ${P}nothing`,
      `docker rm $(docker ps -aq --filter name=${P}none)`,
      `docker stop $(docker ps -q --filter name=${P}none)`,
      "docker run --rm busybox false",
      "docker run --rm busybox sh -c 'exit 300'",
      "docker run --rm busybox nosuchcmd",
      "docker run -it busybox sh",
      `docker ps -q --filter name=${P}none | xargs docker stop`,
      `docker ps -aq --filter name=${P}none | xargs -r docker rm -f`,
    ),
  },
  {
    // Inside a busybox container, as root and as nobody: busybox's "can't" wording, not coreutils'.
    name: "file mistakes inside a busybox container",
    script: `docker run --rm busybox sh -c '${[
      "rm /nosuch",
      "mkdir /tmp",
      "mkdir /nodir/x",
      "touch /nodir/x",
      "rmdir /nosuch",
      "cp /nosuch /tmp/",
      "cp /etc/passwd /nodir/x",
      "cp /etc/passwd /nodir/",
      "mv /nosuch /tmp/",
      "ln -s /a /l",
      "ln -s /b /l",
      "chmod 777 /nosuch",
      "cat /nosuch",
    ]
      .map((c) => `${c} 2>&1; echo "rc=$?"`)
      .join("; ")}'
docker run --rm -u nobody busybox sh -c '${[
      "touch /x",
      "mkdir /x",
      "rm /etc/passwd",
      "rm -f /etc/passwd",
      "rm -f /nosuch",
      "cp /etc/passwd /x",
      "cp /etc/hostname /etc/",
      "mv /etc/passwd /tmp/",
      "ln -s /a /etc/l",
      "chmod 777 /etc/passwd",
      "echo hi > /tmp/mine && chmod 600 /tmp/mine && cat /tmp/mine",
    ]
      .map((c) => `${c} 2>&1; echo "rc=$?"`)
      .join("; ")}'
docker run --rm --read-only busybox sh -c 'rm -f /etc/passwd 2>&1; echo "rc=$?"'`,
  },
];

describe.skipIf(!env.live)(
  env.live
    ? "live: students' mistakes, real dockerd vs simulator"
    : `live: students' mistakes, real dockerd vs simulator — SKIPPED: ${env.why}`,
  () => {
    afterAll(() => {
      sh(`ids=$(docker ps -aq --filter name=${P}); [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
vols=$(docker volume ls -q --filter name=${P}); [ -z "$vols" ] || docker volume rm -f $vols >/dev/null 2>&1
nets=$(docker network ls -q --filter name=${P}); [ -z "$nets" ] || docker network rm $nets >/dev/null 2>&1
true`);
    });

    for (const s of SCRIPTS) {
      it(s.name, { timeout: 120_000 }, async () => {
        const real = sh(s.script);
        const sim = await inSim(s.script);
        diff(real, sim, s.norm, undefined, s.cmd ?? "");
      });
    }
  },
);
