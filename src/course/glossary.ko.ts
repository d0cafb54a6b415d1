/**
 * The course glossary (용어집): every term of ../shared/GLOSSARY.ko.md with its
 * English original, the Korean spelling the course uses, and one sentence of
 * explanation in 해요체. Plain data (no DOM); `src/ui/lesson/Glossary.tsx`
 * renders it.
 */

export interface GlossaryTerm {
  /** The English original, as GLOSSARY.ko.md lists it. */
  en: string;
  /** The Korean spelling the course uses (exactly as GLOSSARY.ko.md lists it). */
  ko: string;
  /** One sentence in 해요체. */
  explanation: string;
}

export const GLOSSARY_KO: readonly GlossaryTerm[] = [
  {
    en: "Docker",
    ko: "도커",
    explanation: "프로그램을 컨테이너에 담아 어디서나 똑같이 실행할 수 있게 해 주는 도구예요.",
  },
  {
    en: "Docker Engine / daemon",
    ko: "도커 엔진 / 데몬",
    explanation:
      "컨테이너를 실제로 만들고 실행하는 소프트웨어이고, 그 안에서 늘 돌아가는 프로그램이 데몬(dockerd)이에요.",
  },
  {
    en: "client (CLI)",
    ko: "클라이언트 (CLI)",
    explanation: "터미널에 입력하는 `docker` 명령으로, 여러분의 요청을 도커 엔진에 전달해요.",
  },
  {
    en: "container",
    ko: "컨테이너",
    explanation: "이미지로 만든 실행 단위로, 다른 프로그램과 격리된 채 실행되거나 멈춰 있어요.",
  },
  {
    en: "image",
    ko: "이미지",
    explanation: "컨테이너를 찍어 내는 빵틀 같은 템플릿으로, 파일과 라이브러리, 설정이 들어 있어요.",
  },
  {
    en: "layer",
    ko: "레이어",
    explanation: "이미지를 이루는 읽기 전용 층이고, 컨테이너는 그 위에 쓰기 가능한 레이어를 하나 더 얹어요.",
  },
  {
    en: "registry / repository",
    ko: "레지스트리 / 저장소",
    explanation: "이미지를 보관하고 나누는 곳으로, Docker Hub와 Amazon ECR이 대표적인 레지스트리예요.",
  },
  {
    en: "tag",
    ko: "태그",
    explanation: "`nginx:1.25`의 `1.25`처럼 같은 저장소 안에서 이미지의 버전을 구분하는 이름이에요.",
  },
  {
    en: "pull / push",
    ko: "내려받기(pull) / 올리기(push)",
    explanation: "레지스트리에서 이미지를 가져오는 일과 레지스트리로 이미지를 보내는 일이에요.",
  },
  {
    en: "build",
    ko: "빌드",
    explanation: "Dockerfile에 적은 단계를 차례로 실행해서 새 이미지를 만드는 일이에요.",
  },
  {
    en: "isolation",
    ko: "격리",
    explanation: "데이터와 프로그램을 서로 떼어 놓아서 한쪽의 변경이 다른 쪽에 영향을 주지 않게 하는 거예요.",
  },
  {
    en: "host",
    ko: "호스트",
    explanation: "도커 엔진이 실행되는 컴퓨터로, 그 위에서 여러 컨테이너가 함께 돌아가요.",
  },
  {
    en: "kernel",
    ko: "커널",
    explanation: "운영체제의 핵심으로, 컨테이너들은 호스트의 리눅스 커널을 함께 써요.",
  },
  {
    en: "namespace / cgroup",
    ko: "네임스페이스 / 컨트롤 그룹(cgroup)",
    explanation: "네임스페이스는 컨테이너가 보는 세상을 나누고, 컨트롤 그룹은 쓸 수 있는 자원을 제한해요.",
  },
  {
    en: "volume",
    ko: "볼륨",
    explanation: "컨테이너를 지워도 남아 있는 데이터 저장 공간이에요.",
  },
  {
    en: "port publishing",
    ko: "포트 공개(포트 매핑)",
    explanation: "`-p 8080:80`처럼 호스트의 포트를 컨테이너의 포트에 연결해서 밖에서 접속할 수 있게 해요.",
  },
  {
    en: "virtual machine",
    ko: "가상 머신(VM)",
    explanation: "하드웨어를 흉내 내서 운영체제를 통째로, 커널까지 따로 실행하는 컴퓨터예요.",
  },
  {
    en: "hypervisor",
    ko: "하이퍼바이저",
    explanation: "한 대의 컴퓨터에서 여러 가상 머신을 만들고 실행하는 소프트웨어예요.",
  },
  {
    en: "daemonless / rootless",
    ko: "데몬리스 / 루트리스",
    explanation: "Podman처럼 늘 떠 있는 데몬 없이, 관리자(root) 권한 없이도 컨테이너를 실행하는 방식이에요.",
  },
  {
    en: "system container",
    ko: "시스템 컨테이너",
    explanation: "LXC/LXD처럼 자체 init으로 운영체제 전체를 실행하는 컨테이너예요.",
  },
  {
    en: "orchestration",
    ko: "오케스트레이션",
    explanation: "Kubernetes처럼 여러 호스트에 걸친 많은 컨테이너를 자동으로 배치하고 관리하는 일이에요.",
  },
  {
    en: "portability",
    ko: "이식성",
    explanation: "같은 이미지가 어느 컴퓨터에서든 똑같이 실행되는 성질이에요.",
  },
  {
    en: "lightweight",
    ko: "경량화",
    explanation: "운영체제를 통째로 띄우지 않아서 컨테이너가 가볍고 빨리 시작되는 특징이에요.",
  },
  {
    en: "dependency",
    ko: "의존성",
    explanation: "프로그램이 실행되려면 함께 있어야 하는 라이브러리나 다른 프로그램이에요.",
  },
  {
    en: "environment variable",
    ko: "환경 변수",
    explanation: "`-e NAME=값`처럼 프로그램 밖에서 넘겨주는 설정 값이에요.",
  },
  {
    en: "working directory",
    ko: "작업 디렉터리",
    explanation: "명령이 실행되는 기준 폴더로, Dockerfile에서는 `WORKDIR`로 정해요.",
  },
];
