/**
 * Every piece of UI text, in Korean (해요체, terms from GLOSSARY.ko.md).
 *
 * One plain nested object literal `as const`: add keys by appending to it.
 * Reading a key that does not exist is a compile error (`t.engineView.nope`).
 * Placeholders look like `{name}`; fill them with `fmt()` below.
 *
 * The `lesson` namespace is reserved for the lesson pane (src/ui/lesson, src/course).
 */
export const ko = {
  app: {
    name: "컨테이너 교실",
    tagline: "브라우저에서 바로 해 보는 도커",
    skipToTerminal: "터미널로 바로 가기",
  },

  header: {
    settings: "화면 설정",
    theme: "테마",
    themeLight: "라이트",
    themeDark: "다크",
    themeToLight: "라이트 테마로 바꾸기",
    themeToDark: "다크 테마로 바꾸기",
    explain: "한국어 설명",
    explainOn: "켜짐",
    explainOff: "꺼짐",
    explainHint: "터미널의 영어 출력 아래에 한국어 설명 줄을 보여 줘요",
    fontSize: "터미널 글자 크기",
    fontSmaller: "터미널 글자 작게",
    fontLarger: "터미널 글자 크게",
  },

  status: {
    label: "머신 상태",
    loading: "머신 준비 중",
    ready: "준비됨",
    busy: "명령 실행 중",
    restarting: "머신 다시 시작 중",
    error: "머신 오류",
  },

  panes: {
    lesson: "수업",
    terminal: "터미널",
    engine: "도커 엔진",
    resizeLessonTerminal: "수업과 터미널 사이의 크기 조절",
    resizeTerminalEngine: "터미널과 도커 엔진 사이의 크기 조절",
  },

  terminal: {
    title: "터미널",
    region: "리눅스 터미널. 여기에 명령을 입력해요.",
    promptLabel: "터미널 입력",
    tooMuchOutput: "출력이 너무 많아서 읽어 주지 않았어요",
    busyHint: "Ctrl+C로 멈출 수 있어요",
    search: "찾기",
    searchOpen: "터미널에서 찾기 (Ctrl+Shift+F)",
    searchPlaceholder: "찾을 글자",
    searchNext: "다음 찾기",
    searchPrevious: "이전 찾기",
    searchClose: "찾기 닫기",
    searchNoMatch: "찾는 글자가 없어요",
    restarted: "머신이 응답하지 않아서 다시 시작했어요. 마지막으로 저장된 상태로 돌아왔어요.",
    workerFailed: "머신을 불러오지 못했어요. 페이지를 새로 고쳐 보세요.",
    loading: "머신을 준비하고 있어요…",
  },

  engineView: {
    title: "도커 엔진",
    description: "엔진이 가진 이미지와 컨테이너를 실시간으로 보여 줘요.",
    waiting: "엔진 상태를 기다리고 있어요…",
    context: {
      sim: "시뮬레이터",
      real: "실제 엔진",
    },
    contextLabel: "연결된 엔진",
    running: "엔진 실행 중",
    stoppedShort: "엔진 멈춤",
    stopped: "도커 엔진이 멈춰 있어요",
    stoppedHint: "엔진이 멈추면 docker 명령이 엔진에 연결할 수 없어요. 엔진을 다시 시작하면 목록이 돌아와요.",
    images: "이미지",
    containers: "컨테이너",
    count: "{n}개",
    imagesEmpty: "아직 이미지가 없어요. docker pull로 이미지를 내려받아 보세요.",
    containersEmpty: "아직 컨테이너가 없어요. docker run으로 컨테이너를 만들어 보세요.",
    noTag: "<none>:<none>",
    field: {
      id: "ID",
      size: "크기",
      image: "이미지",
      state: "상태",
      status: "상태 설명",
      ports: "포트",
    },
    state: {
      running: "실행 중",
      exited: "종료됨",
      created: "생성됨",
      paused: "일시 정지",
      restarting: "재시작 중",
      removing: "삭제 중",
      dead: "사용 불가",
    },
  },

  /** Which engine the machine's docker talks to: the simulator or a real one (docker context). */
  context: {
    label: "사용 중인 엔진",
    sim: "시뮬레이터",
    real: "실제 엔진",
    simHint: "브라우저 안의 도커 시뮬레이터를 쓰고 있어요",
    realHint: "교실 서버의 진짜 도커 엔진을 쓰고 있어요",
    disconnected: "연결 끊김",
    toReal: "실제 엔진으로 바꾸기",
    toSim: "시뮬레이터로 바꾸기",
    switchTitle: "터미널에서 docker context use {name}을(를) 입력한 것과 같아요",
    switching: "바꾸는 중…",
    joinCode: "참여 코드",
    joinCodeHint: "선생님이 알려 준 참여 코드를 넣어 주세요",
    join: "연결",
    cancel: "취소",
    failed: "엔진을 바꾸지 못했어요: {error}",
    unreachable: "교실 서버의 실제 엔진에 연결할 수 없어요",
    unreachableHint:
      "서버가 꺼졌거나 네트워크가 끊겼을 수 있어요. 다시 연결되면 목록이 돌아와요. docker context use default로 시뮬레이터로 돌아가도 시뮬레이터의 이미지와 컨테이너는 그대로 있어요.",
  },

  /** The editor tab beside the terminal (src/editor, src/ui/editor). */
  editor: {
    title: "편집기",
    tabs: "터미널과 편집기",
    terminalTab: "터미널",
    unsaved: "저장하지 않은 변경이 있어요",
    close: "{name} 닫기",
    save: "저장",
    saveTitle: "머신에 저장해요 (Ctrl+S)",
    saving: "저장하는 중…",
    saved: "저장했어요",
    draftKept: "저장하지 않은 변경은 브라우저에 보관돼요",
    loadingEditor: "편집기를 불러오고 있어요…",
    loadingFile: "파일을 읽고 있어요…",
    editorFailed: "편집기를 불러오지 못했어요. 페이지를 새로 고쳐 보세요.",
    openFailed: "파일을 열지 못했어요: {error}",
    saveFailed: "저장하지 못했어요: {error} 변경 내용은 브라우저에 보관돼 있어요.",
    restoredDraft: "저장하지 않았던 변경 내용을 되살렸어요. Ctrl+S를 누르면 머신에 저장돼요.",
    changedOnDisk: "터미널에서 이 파일이 바뀌었어요. 편집기에는 아직 저장하지 않은 내용이 있어요.",
    missing: "머신에 이 파일이 없어요. 저장하면 새로 만들어요.",
    useMachineCopy: "머신의 내용 불러오기",
    keepMine: "편집기 내용 유지",
    dismiss: "알림 닫기",
    confirmCloseTitle: "저장하지 않고 닫을까요?",
    confirmCloseBody: "{name}에 저장하지 않은 변경이 있어요. 닫으면 그 변경은 사라져요.",
    confirmSaveAndClose: "저장하고 닫기",
    confirmDiscard: "저장하지 않고 닫기",
    confirmCancel: "취소",
    placeholderDockerfile: "여기에 Dockerfile을 써 보세요. 예: FROM alpine",
    language: {
      dockerfile: "Dockerfile",
      shell: "셸 스크립트",
      yaml: "YAML",
      plaintext: "텍스트",
    },
  },

  /** Reserved for the lesson pane (owned by the course helper). */
  lesson: {
    placeholder: "수업을 불러오고 있어요…",
    loadFailed: "수업을 불러오지 못했어요.",
    lessonList: "레슨 목록",
    lessonOption: "{n}. {title}",
    prevLesson: "이전 레슨",
    nextLesson: "다음 레슨",
    minutes: "약 {n}분",
    taskProgress: "과제 {done}/{total}",
    steps: "단계",
    stepOf: "{n}/{total}단계",
    stepDone: "완료한 단계",
    prevStep: "이전 단계",
    nextStep: "다음 단계",
    lessonDone: "이 레슨의 과제를 모두 마쳤어요! 다음 레슨으로 넘어가 볼까요?",
    run: "▶ 실행",
    runTitle: "터미널에 입력하고 실행해요",
    typing: "입력하는 중…",
    task: "과제",
    taskDone: "완료",
    taskTodo: "할 일",
    check: "확인",
    checking: "확인하는 중…",
    checkPassed: "잘했어요! 과제를 완료했어요.",
    simOnly:
      "이 과제는 시뮬레이터에서만 할 수 있어요. 터미널에 `docker context use default`를 입력하거나 머리글의 '시뮬레이터로 바꾸기'를 누르면 시뮬레이터로 돌아가요.",
    checkFailed: "아직 조건을 채우지 못했어요.",
    notReady: "머신이 아직 준비되지 않았어요. 잠시 뒤에 다시 눌러 보세요.",
    checkError: "확인하는 동안 문제가 생겼어요. 다시 눌러 보세요.",
    hint: "힌트 보기",
    hintMore: "다음 힌트 ({n}/{total})",
    hintLabel: "힌트 {n}",
    hintsAllShown: "힌트를 모두 봤어요",
    solution: "정답 보기",
    solutionTitle: "정답",
    solutionReplay: "정답 다시 입력하기",
    solutionReplaying: "정답을 입력하는 중…",
    confirmTitle: "정답을 볼까요?",
    confirmBody: "정답 명령을 터미널에 차례로 입력해요. 스스로 해 보면 더 오래 기억에 남아요. 그래도 정답을 볼까요?",
    confirmYes: "정답 입력하기",
    confirmNo: "취소",
    quiz: "퀴즈",
    quizCorrect: "정답이에요!",
    quizWrong: "아쉬워요. 다른 보기를 골라 보세요.",
    setupRunning: "실습을 준비하고 있어요…",
    setupFailed: "실습 준비 중에 문제가 생겼어요: {script}",
    progressTools: "진행 기록 관리",
    exportProgress: "내보내기",
    exportTitle: "진행 기록을 JSON 파일로 내려받아요",
    importProgress: "가져오기",
    importTitle: "내보낸 JSON 파일에서 진행 기록을 불러와요",
    imported: "진행 기록을 불러왔어요.",
    importNotJson:
      "파일을 읽을 수 없어요. 컨테이너 교실에서 내보낸 JSON 파일인지 확인해 주세요. 진행 기록은 바뀌지 않았어요.",
    importNotProgress: "컨테이너 교실의 진행 기록 파일이 아니에요. 진행 기록은 바뀌지 않았어요.",
    importNewerVersion:
      "더 새로운 버전에서 만든 진행 기록 파일이에요. 페이지를 새로 고친 뒤에 다시 가져와 보세요. 진행 기록은 바뀌지 않았어요.",
    importReadFailed: "파일을 열지 못했어요. 진행 기록은 바뀌지 않았어요.",
    resetLesson: "레슨 초기화",
    resetLessonTitle: "이 레슨을 처음부터 다시 해요",
    resetLessonConfirmTitle: "이 레슨을 초기화할까요?",
    resetLessonConfirmBody:
      "‘{title}’ 레슨의 완료한 과제, 힌트, 퀴즈 답이 모두 지워져요. 머신의 이미지와 컨테이너는 그대로예요.",
    resetLessonYes: "레슨 초기화",
    resetLessonDone: "레슨을 초기화했어요.",
    resetMachine: "머신 초기화",
    resetMachineTitle: "머신을 새것으로 바꿔요",
    resetMachineConfirmTitle: "머신을 초기화할까요?",
    resetMachineConfirmBody:
      "머신의 파일, 이미지, 컨테이너가 모두 지워지고 새 머신이 시작돼요. 레슨 진행 기록은 그대로 남아요.",
    resetMachineYes: "머신 초기화",
    resetMachineDone: "머신을 초기화했어요.",
    cancel: "취소",
    glossary: "용어집",
    glossaryTitle: "수업에 나오는 용어를 한눈에 봐요",
    glossaryIntro: "수업에 나오는 용어를 영어 원어와 함께 모았어요.",
    glossaryClose: "닫기",
    sandboxOption: "자유 실습 (레슨 없이)",
    sandboxTitle: "자유 실습",
    sandboxNote:
      "레슨 없이 머신을 자유롭게 써 보는 모드예요. 터미널에서 어떤 명령이든 실행해 보고, 엔진 화면에서 이미지와 컨테이너가 어떻게 바뀌는지 살펴보세요. 과제 확인은 하지 않아요.",
    sandboxBack: "수업으로 돌아가기",
    sandboxBackTo: "‘{title}’ 레슨으로 돌아가요",
  },
} as const;

/** The shape of the table: same keys, any string values (for other languages). */
export type Messages = Widen<typeof ko>;
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The UI strings. Use as `t.engineView.title`. */
export const t = ko;

/** Fill `{name}` placeholders: `fmt(t.engineView.count, { n: 3 })` → "3개". */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
