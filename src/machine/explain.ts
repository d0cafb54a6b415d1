/**
 * Korean explanation lines shown under some errors in the browser terminal
 * (when the learner turns them on). Never part of what real tools print, and
 * never printed by `npm run sim`.
 */
const RULES: [RegExp, string][] = [
  [/^(.+): command not found$/m, "이 이름의 명령어가 없어요. 철자를 확인해 보세요."],
  [/^docker: unknown command/m, "docker에 없는 하위 명령어예요. docker만 입력하면 명령어 목록을 볼 수 있어요."],
  [/pull access denied for/m, "레지스트리에서 이 이미지를 찾지 못했어요. 이미지 이름을 확인해 보세요."],
  [/No such container/m, "그런 컨테이너가 없어요. docker ps -a로 이름과 ID를 확인해 보세요."],
  [/No such image/m, "그런 이미지가 없어요. docker images로 내려받은 이미지를 확인해 보세요."],
  [
    /the input device is not a TTY/m,
    "-t 옵션은 키보드가 연결된 터미널에서만 쓸 수 있어요. 파이프(|)나 리다이렉트 없이 실행해 보세요.",
  ],
  [
    /Cannot connect to the Docker daemon at tcp:/m,
    "교실 서버(실제 도커 엔진)에 연결할 수 없어요. 서버가 꺼졌거나 네트워크가 끊겼을 수 있어요. docker context use default로 시뮬레이터로 돌아가면 하던 것이 그대로 있어요.",
  ],
  [
    /context "classroom": context not found/m,
    "이 페이지는 교실 서버로 열리지 않아서 실제 엔진(classroom)이 없어요. 선생님이 알려 준 교실 서버 주소로 열어 보세요.",
  ],
  [/this classroom needs a join code/m, "참여 코드가 필요해요. 선생님이 알려 준 코드를 넣어 주세요."],
  [/wrong join code/m, "참여 코드가 맞지 않아요. 선생님이 알려 준 코드를 다시 확인해 보세요."],
  [
    /Cannot connect to the Docker daemon/m,
    "도커 엔진(데몬)이 멈춰 있어요. sudo systemctl start docker로 다시 시작할 수 있어요.",
  ],
  [
    /is already in use by container/m,
    "같은 이름의 컨테이너가 이미 있어요. 다른 이름을 쓰거나 docker rm으로 먼저 지워 보세요.",
  ],
  [
    /container is running: stop the container|cannot remove a running container/im,
    "실행 중인 컨테이너는 지울 수 없어요. docker stop으로 먼저 멈추거나 -f를 붙이세요.",
  ],
  [/executable file not found in \$PATH/m, "이미지 안에 그 프로그램이 없어요. 컨테이너마다 들어 있는 명령어가 달라요."],
  [/is not running/m, "멈춘 컨테이너에서는 명령을 실행할 수 없어요. docker start로 먼저 시작하세요."],
  [/unknown (shorthand )?flag/m, "이 명령어에 없는 옵션이에요. --help로 쓸 수 있는 옵션을 확인해 보세요."],
];

export function explainLines(stderr: string): string {
  for (const [re, text] of RULES) if (re.test(stderr)) return `\x1b[2;3m  ↳ ${text}\x1b[0m\n`;
  return "";
}
