/**
 * Korean help for Dockerfiles, shown when the learner hovers an instruction,
 * a flag or a parser directive in the editor, and beside completions.
 * 해요체, terms from GLOSSARY.ko.md; instructions, flags and paths stay English.
 *
 * Every instruction dockerfile-ast knows has an entry (dockerfile-docs.test.ts
 * checks it). This is content, not UI chrome, so it lives here and not in
 * src/i18n/ko.ts.
 */

export interface DockerfileDoc {
  /** What it is, in a few words (shown after the name). */
  title: string;
  /** One to three short paragraphs. Inline code in backticks. */
  body: string;
  /** Forms, one per line (English syntax, Korean placeholders). */
  syntax?: string;
  /** A real example line. */
  example?: string;
}

/** One entry per Dockerfile instruction (dockerfile-ast's `Keyword`). */
export const INSTRUCTION_DOCS: Record<string, DockerfileDoc> = {
  FROM: {
    title: "베이스 이미지 정하기",
    body:
      "새 이미지를 어떤 이미지 위에 쌓을지 정해요. 빌드는 이 이미지의 레이어에서 출발해요.\n\n" +
      "Dockerfile은 FROM으로 시작해요(앞에는 파서 지시어와 ARG만 올 수 있어요). 태그를 빼면 `latest`를 써요. " +
      "`AS 이름`을 붙이면 멀티 스테이지 빌드에서 이 단계를 이름으로 부를 수 있어요.",
    syntax: "FROM 이미지[:태그] [AS 이름]",
    example: "FROM alpine:3.20",
  },
  RUN: {
    title: "빌드할 때 명령 실행하기",
    body:
      "이미지를 빌드하는 동안 명령을 실행하고, 그 결과로 바뀐 파일을 새 레이어로 저장해요. " +
      "패키지 설치처럼 이미지에 미리 넣어 둘 것을 준비할 때 써요.\n\n" +
      '셸 형식(`RUN apk add curl`)은 `/bin/sh -c`로 실행되고, JSON 형식(`RUN ["echo", "hi"]`)은 셸 없이 바로 실행돼요. ' +
      "컨테이너가 시작될 때 실행할 명령은 RUN이 아니라 CMD나 ENTRYPOINT로 정해요.",
    syntax: 'RUN 명령\nRUN ["실행 파일", "인자1", "인자2"]',
    example: "RUN apk add --no-cache curl",
  },
  CMD: {
    title: "컨테이너의 기본 명령",
    body:
      "컨테이너가 시작될 때 실행할 기본 명령을 정해요. 빌드할 때는 실행되지 않아요.\n\n" +
      "`docker run 이미지 명령`처럼 명령을 주면 CMD 대신 그 명령이 실행돼요. CMD가 여러 개면 마지막 것만 효과가 있어요. " +
      "ENTRYPOINT가 있으면 CMD는 ENTRYPOINT에 넘길 기본 인자가 돼요.",
    syntax: 'CMD ["실행 파일", "인자1"]\nCMD 명령 인자1',
    example: 'CMD ["nginx", "-g", "daemon off;"]',
  },
  LABEL: {
    title: "이미지에 설명 붙이기",
    body:
      "이미지에 `키=값` 형태의 메타데이터를 붙여요. 만든 사람, 버전, 설명 같은 정보를 적어 두면 `docker inspect`로 볼 수 있어요. " +
      "파일을 바꾸지 않아서 레이어가 늘지 않아요.",
    syntax: 'LABEL 키="값" [키="값" ...]',
    example: 'LABEL org.opencontainers.image.authors="student@example.com"',
  },
  MAINTAINER: {
    title: "관리자 표시 (더 이상 쓰지 않아요)",
    body:
      "이미지를 관리하는 사람을 적던 옛 명령이에요. 지금은 쓰지 않는 명령(deprecated)이라서, " +
      'LABEL로 `org.opencontainers.image.authors="이름"`을 적으면 돼요.',
    syntax: "MAINTAINER 이름",
  },
  EXPOSE: {
    title: "기다리는 포트 알려 주기",
    body:
      "컨테이너 안의 프로그램이 어느 포트에서 요청을 기다리는지 알려 주는 문서 같은 명령이에요. " +
      "EXPOSE만으로는 호스트에서 접속할 수 없어요.\n\n" +
      "실제로 접속하려면 `docker run -p 8080:80`처럼 포트 공개(포트 매핑)를 해야 해요. 프로토콜을 빼면 tcp예요.",
    syntax: "EXPOSE 포트[/tcp|/udp] ...",
    example: "EXPOSE 80",
  },
  ENV: {
    title: "환경 변수 정하기",
    body:
      "환경 변수를 정해요. 다음 줄부터의 빌드 단계(RUN 등)에서 쓸 수 있고, 이 이미지로 만든 컨테이너 안에도 그대로 남아요. " +
      "컨테이너를 만들 때 `docker run -e 이름=값`으로 바꿀 수 있어요.",
    syntax: "ENV 이름=값 [이름=값 ...]",
    example: "ENV APP_ENV=production",
  },
  ADD: {
    title: "파일 추가하기 (압축 풀기, 내려받기 포함)",
    body:
      "파일을 이미지 안으로 복사해요. COPY와 비슷하지만, 로컬의 tar 압축 파일을 자동으로 풀고 URL에서 파일을 내려받는 기능이 더 있어요.\n\n" +
      "그런 기능이 필요 없으면 동작이 단순한 COPY를 쓰는 게 좋아요.",
    syntax: "ADD [--chown=사용자:그룹] 원본... 대상",
    example: "ADD app.tar.gz /opt/app/",
  },
  COPY: {
    title: "파일 복사하기",
    body:
      "빌드 컨텍스트(`docker build`에 준 디렉터리)의 파일이나 디렉터리를 이미지 안으로 복사해요. 복사한 결과는 새 레이어가 돼요.\n\n" +
      "대상이 상대 경로면 WORKDIR을 기준으로 해요. 원본이 여러 개면 대상은 `/`로 끝나는 디렉터리여야 해요. " +
      "`--from=단계`를 주면 다른 빌드 단계나 이미지에서 복사해요.",
    syntax: "COPY [--chown=사용자:그룹] [--from=단계] 원본... 대상",
    example: "COPY index.html /usr/share/nginx/html/",
  },
  ENTRYPOINT: {
    title: "컨테이너를 실행 파일처럼",
    body:
      "컨테이너가 시작되면 항상 이 명령을 실행해요. `docker run 이미지 인자`의 인자와 CMD는 이 명령 뒤에 인자로 붙어요.\n\n" +
      "다른 명령으로 바꾸려면 `docker run --entrypoint`를 써야 해요. 신호를 제대로 받도록 JSON 형식으로 쓰는 게 좋아요.",
    syntax: 'ENTRYPOINT ["실행 파일", "인자1"]\nENTRYPOINT 명령 인자1',
    example: 'ENTRYPOINT ["ping", "-c", "3"]',
  },
  VOLUME: {
    title: "볼륨 자리 표시하기",
    body:
      "컨테이너 안의 이 경로에 볼륨을 쓰겠다고 표시해요. 컨테이너를 만들 때 이름 없는 볼륨이 자동으로 연결되고, " +
      "그곳에 쓴 데이터는 컨테이너를 지워도 남아요.\n\n" +
      "이름 있는 볼륨을 쓰려면 `docker run -v 이름:경로`로 연결해요.",
    syntax: 'VOLUME ["/경로"]\nVOLUME /경로 ...',
    example: "VOLUME /data",
  },
  USER: {
    title: "실행할 사용자 정하기",
    body:
      "다음 줄부터의 RUN과 컨테이너의 CMD, ENTRYPOINT를 어떤 사용자(와 그룹)로 실행할지 정해요. 기본은 root예요.\n\n" +
      "컨테이너가 뚫려도 피해가 적도록, 서비스는 root가 아닌 사용자로 실행하는 게 좋아요.",
    syntax: "USER 사용자[:그룹]",
    example: "USER nobody",
  },
  WORKDIR: {
    title: "작업 디렉터리 정하기",
    body:
      "작업 디렉터리를 정해요. 다음 줄부터의 RUN, CMD, ENTRYPOINT, COPY, ADD는 이 디렉터리를 기준으로 동작해요. 없으면 새로 만들어요.\n\n" +
      "`RUN cd /app`은 그 RUN 한 줄에서만 효과가 있어요. 디렉터리를 옮기려면 WORKDIR을 써요. 절대 경로로 쓰는 게 안전해요.",
    syntax: "WORKDIR /경로",
    example: "WORKDIR /app",
  },
  ARG: {
    title: "빌드 변수 정하기",
    body:
      "빌드할 때만 쓰는 변수를 정해요. `docker build --build-arg 이름=값`으로 값을 넘길 수 있고, 기본값도 줄 수 있어요.\n\n" +
      "ENV와 달리 완성된 이미지로 만든 컨테이너에는 남지 않아요. 하지만 `docker history`에는 보일 수 있으니 비밀번호 같은 비밀 값은 넘기지 않아야 해요.",
    syntax: "ARG 이름[=기본값]",
    example: "ARG VERSION=1.0",
  },
  ONBUILD: {
    title: "다음 빌드에 실행할 명령 예약하기",
    body: "다른 Dockerfile이 이 이미지를 FROM으로 쓸 때 실행할 명령을 예약해 둬요. 이 이미지를 빌드할 때는 실행되지 않아요.",
    syntax: "ONBUILD 명령어 인자...",
    example: "ONBUILD COPY . /app",
  },
  STOPSIGNAL: {
    title: "멈출 때 보낼 신호",
    body:
      "`docker stop`이 컨테이너의 메인 프로세스(PID 1)에 보낼 신호를 정해요. 기본은 SIGTERM이에요.\n\n" +
      "정해진 시간(기본 10초) 안에 끝나지 않으면 도커 엔진이 SIGKILL로 강제로 끝내요. 그러면 종료 코드가 137이 돼요.",
    syntax: "STOPSIGNAL 신호",
    example: "STOPSIGNAL SIGQUIT",
  },
  HEALTHCHECK: {
    title: "상태 검사 정하기",
    body:
      "컨테이너가 제대로 일하는지 주기적으로 확인할 명령을 정해요. 명령이 0으로 끝나면 healthy, 1로 끝나면 unhealthy예요. " +
      "`docker ps`의 STATUS에서 상태를 볼 수 있어요.\n\n" +
      "`HEALTHCHECK NONE`은 베이스 이미지에서 물려받은 검사를 꺼요.",
    syntax: "HEALTHCHECK [옵션] CMD 명령\nHEALTHCHECK NONE",
    example: "HEALTHCHECK --interval=30s CMD wget -q -O /dev/null http://localhost/ || exit 1",
  },
  SHELL: {
    title: "셸 바꾸기",
    body:
      '셸 형식으로 쓴 RUN, CMD, ENTRYPOINT를 실행할 셸을 바꿔요. 리눅스의 기본은 `["/bin/sh", "-c"]`예요. ' +
      "JSON 형식으로만 쓸 수 있어요.",
    syntax: 'SHELL ["실행 파일", "인자"]',
    example: 'SHELL ["/bin/bash", "-c"]',
  },
};

/** Flags, by instruction. A flag that several instructions share is repeated on purpose (the text differs). */
export const FLAG_DOCS: Record<string, Record<string, DockerfileDoc>> = {
  FROM: {
    platform: {
      title: "플랫폼 고르기",
      body: "이미지를 어느 플랫폼용으로 가져올지 골라요(예: `linux/amd64`, `linux/arm64`). 빼면 빌드하는 호스트의 플랫폼을 써요.",
      example: "FROM --platform=linux/amd64 alpine",
    },
  },
  COPY: {
    from: {
      title: "다른 단계에서 복사하기",
      body:
        "빌드 컨텍스트 대신 다른 빌드 단계(`AS`로 붙인 이름이나 번호)나 이미지에서 파일을 가져와요. " +
        "멀티 스테이지 빌드에서 빌드 결과만 작은 이미지로 옮길 때 써요.",
      example: "COPY --from=build /out/app /usr/local/bin/app",
    },
    chown: {
      title: "소유자 정하기",
      body: "복사한 파일의 소유자를 `사용자:그룹`으로 정해요. 빼면 root가 가져요.",
    },
    chmod: { title: "권한 정하기", body: "복사한 파일의 권한을 정해요(예: `755`)." },
    link: {
      title: "독립된 레이어로 복사하기",
      body: "복사한 파일을 앞 레이어와 상관없는 독립된 레이어로 만들어요. 베이스 이미지가 바뀌어도 이 레이어의 캐시를 다시 쓸 수 있어요.",
    },
    exclude: { title: "빼고 복사하기", body: "이 패턴에 맞는 파일은 복사하지 않아요." },
    parents: { title: "디렉터리 구조 유지하기", body: "원본의 상위 디렉터리 구조를 그대로 유지한 채 복사해요." },
  },
  ADD: {
    chown: { title: "소유자 정하기", body: "추가한 파일의 소유자를 `사용자:그룹`으로 정해요. 빼면 root가 가져요." },
    chmod: { title: "권한 정하기", body: "추가한 파일의 권한을 정해요(예: `755`)." },
    checksum: {
      title: "체크섬 확인하기",
      body: "URL에서 내려받은 파일이 이 체크섬(`sha256:…`)과 같은지 확인해요. 다르면 빌드가 실패해요.",
    },
    "keep-git-dir": { title: ".git 남기기", body: "git 저장소를 추가할 때 `.git` 디렉터리도 함께 남겨요." },
    link: {
      title: "독립된 레이어로 추가하기",
      body: "추가한 파일을 앞 레이어와 상관없는 독립된 레이어로 만들어서 캐시를 더 잘 다시 쓰게 해요.",
    },
    exclude: { title: "빼고 추가하기", body: "이 패턴에 맞는 파일은 추가하지 않아요." },
  },
  RUN: {
    mount: {
      title: "잠깐 연결하기",
      body: "이 RUN 명령이 실행되는 동안에만 캐시 디렉터리, 비밀 값(secret), 다른 단계의 파일 등을 연결해요. 연결한 내용은 레이어에 남지 않아요.",
      example: "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt",
    },
    network: {
      title: "네트워크 정하기",
      body: "이 RUN 명령이 쓸 네트워크를 정해요. `none`이면 인터넷에 접속할 수 없어요.",
    },
    security: {
      title: "보안 모드",
      body: "`insecure`면 특권 모드로 실행해요. 호스트를 위험하게 할 수 있어서 기본으로는 막혀 있어요.",
    },
  },
  HEALTHCHECK: {
    interval: { title: "검사 간격", body: "검사를 몇 초마다 할지 정해요. 기본은 `30s`예요." },
    timeout: {
      title: "검사 제한 시간",
      body: "검사 한 번이 이 시간 안에 끝나지 않으면 실패로 봐요. 기본은 `30s`예요.",
    },
    "start-period": {
      title: "준비 시간",
      body: "컨테이너가 시작한 뒤 준비할 시간을 줘요. 이 시간 동안의 실패는 횟수에 세지 않아요. 기본은 `0s`예요.",
    },
    "start-interval": {
      title: "준비 시간 동안의 간격",
      body: "준비 시간 동안 검사를 몇 초마다 할지 정해요. 기본은 `5s`예요.",
    },
    retries: {
      title: "실패 허용 횟수",
      body: "연속으로 몇 번 실패하면 unhealthy로 볼지 정해요. 기본은 `3`이에요.",
    },
  },
};

/** Parser directives (`# syntax=…` on the first lines). */
export const DIRECTIVE_DOCS: Record<string, DockerfileDoc> = {
  syntax: {
    title: "문법 버전 정하기 (파서 지시어)",
    body: "이 Dockerfile을 어떤 문법 버전으로 읽을지 정하는 파서 지시어예요. 파일 맨 위, 다른 줄보다 먼저 써야 해요.",
    example: "# syntax=docker/dockerfile:1",
  },
  escape: {
    title: "이스케이프 문자 정하기 (파서 지시어)",
    body: "줄을 이어 쓰거나 글자를 이스케이프할 때 쓰는 문자를 정해요. 기본은 `\\`이고, 윈도우 경로를 쓰기 편하도록 `` ` ``로 바꿀 수 있어요.",
    example: "# escape=`",
  },
  check: {
    title: "빌드 검사 정하기 (파서 지시어)",
    body: "빌드 검사(build checks)를 어떻게 할지 정해요. 예를 들어 `error=true`면 검사에 걸릴 때 빌드를 실패시켜요.",
    example: "# check=error=true",
  },
};

/** Words that are not instructions but have a meaning of their own. */
export const KEYWORD_DOCS: Record<string, DockerfileDoc> = {
  AS: {
    title: "빌드 단계 이름",
    body: "FROM으로 시작한 빌드 단계에 이름을 붙여요. 뒤에서 `COPY --from=이름`이나 `docker build --target 이름`으로 부를 수 있어요.",
    example: "FROM golang:1.22 AS build",
  },
  HEALTHCHECK_CMD: {
    title: "검사할 명령",
    body: "HEALTHCHECK가 주기적으로 실행할 명령이에요. 0으로 끝나면 healthy, 1로 끝나면 unhealthy예요.",
  },
  HEALTHCHECK_NONE: {
    title: "검사 끄기",
    body: "베이스 이미지에서 물려받은 HEALTHCHECK를 꺼요.",
  },
};

/**
 * The doc for a completion item's `data` key from dockerfile-language-service
 * ("FROM", "ARG_NameOnly", "COPY_FlagFrom", "HEALTHCHECK_FlagStartPeriod", "HEALTHCHECK_NONE" …).
 */
export function docForCompletionKey(key: string): { name: string; doc: DockerfileDoc } | null {
  if (INSTRUCTION_DOCS[key]) return { name: key, doc: INSTRUCTION_DOCS[key] };
  if (KEYWORD_DOCS[key]) return { name: key.replace("HEALTHCHECK_", ""), doc: KEYWORD_DOCS[key] };
  const flag = /^([A-Z]+)_Flag([A-Za-z]+)$/.exec(key);
  if (flag) {
    const name = flag[2].replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`));
    const doc = FLAG_DOCS[flag[1]]?.[name];
    return doc ? { name: `--${name}`, doc } : null;
  }
  const base = /^([A-Z]+)_/.exec(key);
  if (base && INSTRUCTION_DOCS[base[1]]) return { name: base[1], doc: INSTRUCTION_DOCS[base[1]] };
  return null;
}

/** Markdown for a hover or a completion's documentation. */
export function renderDoc(name: string, doc: DockerfileDoc): string {
  let md = `**${name}** · ${doc.title}\n\n${doc.body}`;
  if (doc.syntax) md += `\n\n\`\`\`dockerfile\n${doc.syntax}\n\`\`\``;
  if (doc.example) md += `\n\n예: \`${doc.example}\``;
  return md;
}

/**
 * Korean for dockerfile-utils' diagnostics, by ValidationCode. The English
 * original is shown under it. Codes without an entry show English only.
 */
export const DIAGNOSTIC_KO: Record<number, string> = {
  0: "명령어는 대문자로 써요(예: FROM, RUN).",
  1: "파서 지시어는 소문자로 써요(예: # syntax=…).",
  2: "이 명령어에 인자가 없어요.",
  3: "필요 없는 인자가 더 있어요.",
  4: "이 명령어는 인자를 정확히 하나 받아요.",
  5: "이 명령어는 인자가 적어도 하나 있어야 해요.",
  6: "이 명령어는 인자를 두 개 받아요.",
  7: "이 명령어는 인자가 적어도 두 개 있어야 해요.",
  8: "FROM에는 이미지 하나, 또는 `이미지 AS 이름`을 써요.",
  9: "이 명령어는 인자를 받지 않아요.",
  10: "빌드 단계 이름이 겹쳐요. 단계마다 다른 이름을 붙여요.",
  11: "줄 이음(\\) 뒤에 빈 줄이 있어요.",
  12: "빌드 단계 이름은 숫자로 시작하거나 기호를 넣을 수 없어요.",
  13: "이 플래그의 값은 1 이상이어야 해요.",
  14: "같은 플래그를 두 번 썼어요.",
  15: "시간 값이 올바르지 않아요(예: 30s, 1m).",
  16: "시간 간격은 1ms보다 짧을 수 없어요.",
  17: "시간 값에 단위가 없어요(예: 30s).",
  18: "플래그에 값이 없어요.",
  19: "모르는 시간 단위예요(ms, s, m, h를 써요).",
  20: "베이스 이미지가 없어요. Dockerfile은 FROM으로 시작해야 해요.",
  21: "escape 지시어에는 ` 또는 \\만 쓸 수 있어요.",
  22: "두 번째 인자는 AS여야 해요(예: FROM alpine AS base).",
  23: "원본이 여러 개면 대상은 /로 끝나는 디렉터리여야 해요.",
  24: "포트 번호가 올바르지 않아요.",
  25: "프로토콜은 tcp나 udp만 쓸 수 있어요.",
  26: "이미지 이름의 형식이 올바르지 않아요(소문자, 예: alpine:3.20).",
  27: "모르는 신호예요(예: SIGTERM, SIGQUIT).",
  28: "문법이 올바르지 않아요.",
  29: "ONBUILD 안에 ONBUILD를 다시 쓸 수 없어요.",
  30: "이 명령어는 ONBUILD 안에 쓸 수 없어요.",
  31: 'SHELL은 JSON 형식으로 써요(예: SHELL ["/bin/sh", "-c"]).',
  32: "SHELL에는 인자가 적어도 하나 있어야 해요.",
  33: "이름=값 형식이어야 해요. = 가 없어요.",
  34: "이름이 비어 있어요.",
  35: "작은따옴표(')가 닫히지 않았어요.",
  36: '큰따옴표(")가 닫히지 않았어요.',
  37: "한 단계에 이 명령어는 하나만 효과가 있어요. 마지막 것만 쓰여요.",
  38: "모르는 명령어예요. 철자를 확인해 보세요(예: FROM, RUN, COPY, CMD).",
  39: "ADD가 모르는 플래그예요.",
  40: "COPY가 모르는 플래그예요.",
  41: "FROM이 모르는 플래그예요.",
  42: "HEALTHCHECK가 모르는 플래그예요.",
  43: "HEALTHCHECK 뒤에는 CMD나 NONE을 써요.",
  44: "변수 치환에서 지원하지 않는 형식이에요.",
  45: "MAINTAINER는 더 이상 쓰지 않아요. LABEL을 써요.",
  46: "HEALTHCHECK CMD 뒤에 실행할 명령이 없어요.",
  47: "--from 값이 올바르지 않아요.",
  48: "이 플래그에는 true나 false를 써요.",
  49: 'JSON 형식에는 큰따옴표(")를 써요. 작은따옴표로 쓰면 셸 형식으로 읽혀요.',
  50: "WORKDIR에는 절대 경로(/로 시작)를 쓰는 게 안전해요.",
  51: "베이스 이미지 이름이 비어 있어요.",
  52: "escape 지시어는 한 번만 쓸 수 있어요.",
};
