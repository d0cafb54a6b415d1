/**
 * The lesson pane: the current lesson (title, summary, one step at a time with
 * a step list), ▶ 실행 buttons, task cards (checked on 확인 and after every
 * command), quizzes, and navigation between lessons in the course order.
 */
import { useEffect, useRef, useState } from "react";
import type { LessonCatalog } from "../../course";
import { type Block, type Lesson, lessonTasks, type Step } from "../../course";
import { fmt, t } from "../../i18n/ko";
import { isBusy, onBusy } from "../../state/machine-client";
import { blockKey, loadProgress, type ProgressState, useProgress } from "../../state/progress";
import { useAppStore } from "../../state/store";
import { catalog, catalogError, lessonLang } from "./catalog";
import { Glossary } from "./Glossary";
import { Markdown } from "./Markdown";
import { ProgressTools } from "./ProgressTools";
import { QuizCard } from "./QuizCard";
import { RunBlock } from "./RunBlock";
import { autoCheck, prepareLesson, useSession } from "./session";
import { TaskCard } from "./TaskCard";
import "./lesson.css";

const lang = lessonLang();
/** The lesson selector's value for the free sandbox mode (no lesson slug looks like it). */
const SANDBOX = "__sandbox__";

export function LessonPane() {
  if (!catalog) {
    return (
      <div className="lesson" data-testid="lesson-pane">
        <div className="lesson-body">
          <p className="lesson-error" role="alert">
            {t.lesson.loadFailed}
          </p>
          <pre className="lesson-error-detail">{catalogError}</pre>
        </div>
      </div>
    );
  }
  return <CoursePane catalog={catalog} />;
}

function CoursePane({ catalog }: { catalog: LessonCatalog }) {
  const loaded = useProgress((s) => s.loaded);
  const current = useProgress((s) => s.currentLesson);
  const order = catalog.order.lessons;
  const lessonId = current && order.includes(current) ? current : order[0];
  const sandbox = useProgress((s) => s.sandbox === true);
  const [loadedLesson, setLoadedLesson] = useState<{ lesson?: Lesson; error?: string; id?: string }>({});
  const [titles, setTitles] = useState<Record<string, string>>({});
  const ready = useAppStore((s) => s.ready);
  const select = useRef<HTMLSelectElement>(null);
  /** Set when the learner switched modes here (not on load), so focus follows the switch. */
  const [switched, setSwitched] = useState(false);

  useEffect(() => {
    void loadProgress();
  }, []);

  useEffect(() => {
    if (!loaded) return;
    let live = true;
    catalog.load(lessonId, lang).then(
      (lesson) => live && setLoadedLesson({ lesson, id: lessonId }),
      (e: unknown) => live && setLoadedLesson({ error: e instanceof Error ? e.message : String(e), id: lessonId }),
    );
    return () => {
      live = false;
    };
  }, [catalog, loaded, lessonId]);

  const lesson = loadedLesson.id === lessonId ? loadedLesson.lesson : undefined;

  // Titles for the lesson list: fetched after the current lesson is shown.
  useEffect(() => {
    if (!lesson) return;
    for (const slug of order) {
      catalog
        .load(slug, lang)
        .then((l) => setTitles((prev) => (prev[slug] === l.title ? prev : { ...prev, [slug]: l.title })))
        .catch(() => {});
    }
  }, [catalog, lesson, order]);

  // Setup (and a first silent check) whenever the lesson opens or the machine (re)starts.
  useEffect(() => {
    if (lesson && ready && !sandbox) void prepareLesson(lesson);
  }, [lesson, ready, sandbox]);

  // Re-check after every command: the machine goes from busy back to idle.
  useEffect(() => {
    if (!lesson || sandbox) return;
    let wasBusy = isBusy();
    return onBusy((busy) => {
      if (wasBusy && !busy) void autoCheck(lesson);
      wasBusy = busy;
    });
  }, [lesson, sandbox]);

  const index = order.indexOf(lessonId);
  const go = (slug: string | undefined) => {
    if (!slug) return;
    const p = useProgress.getState();
    if (slug === SANDBOX) {
      setSwitched(true);
      p.setSandbox(true);
      return;
    }
    p.setCurrentLesson(slug);
    p.setSandbox(false);
  };
  const lessonTitle = lesson?.title ?? titles[lessonId] ?? lessonId;

  return (
    <div className="lesson" data-testid="lesson-pane" lang={lesson?.lang ?? "ko"}>
      <nav className="pane-header lesson-nav" aria-label={t.lesson.lessonList}>
        <button
          type="button"
          className="btn btn-small btn-icon"
          data-testid="prev-lesson"
          disabled={sandbox || index <= 0}
          aria-label={t.lesson.prevLesson}
          title={t.lesson.prevLesson}
          onClick={() => go(order[index - 1])}
        >
          ‹
        </button>
        <select
          className="lesson-select"
          data-testid="lesson-select"
          ref={select}
          aria-label={t.lesson.lessonList}
          value={sandbox ? SANDBOX : lessonId}
          onChange={(e) => go(e.target.value)}
        >
          {order.map((slug, i) => (
            <option key={slug} value={slug}>
              {fmt(t.lesson.lessonOption, {
                n: i + 1,
                title: titles[slug] ?? (lesson?.id === slug ? lesson.title : slug),
              })}
            </option>
          ))}
          <option value={SANDBOX}>{t.lesson.sandboxOption}</option>
        </select>
        <button
          type="button"
          className="btn btn-small btn-icon"
          data-testid="next-lesson"
          disabled={sandbox || index >= order.length - 1}
          aria-label={t.lesson.nextLesson}
          title={t.lesson.nextLesson}
          onClick={() => go(order[index + 1])}
        >
          ›
        </button>
        <Glossary />
      </nav>
      {!sandbox && (
        <div className="pane-header lesson-tools">
          <ProgressTools lessonId={lessonId} lessonTitle={lessonTitle} />
        </div>
      )}
      {sandbox ? (
        <SandboxView
          lessonTitle={lessonTitle}
          focusTitle={switched}
          onBack={() => {
            go(lessonId);
            select.current?.focus();
          }}
        />
      ) : lesson ? (
        <LessonView lesson={lesson} nextLesson={order[index + 1]} onNextLesson={() => go(order[index + 1])} />
      ) : loadedLesson.error && loadedLesson.id === lessonId ? (
        <div className="lesson-body">
          <p className="lesson-error" role="alert">
            {t.lesson.loadFailed}
          </p>
          <pre className="lesson-error-detail">{loadedLesson.error}</pre>
        </div>
      ) : (
        <div className="lesson-body">
          <p className="lesson-loading">{t.lesson.placeholder}</p>
        </div>
      )}
    </div>
  );
}

/** The free sandbox mode: no lesson, no checks; a short note and a way back. */
function SandboxView({
  lessonTitle,
  focusTitle,
  onBack,
}: {
  lessonTitle: string;
  focusTitle: boolean;
  onBack(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) heading.current?.focus();
  }, [focusTitle]);
  return (
    <div className="lesson-body" data-testid="sandbox">
      <header className="lesson-head">
        <h2 className="lesson-title" ref={heading} tabIndex={-1}>
          {t.lesson.sandboxTitle}
        </h2>
        <p className="lesson-summary">{t.lesson.sandboxNote}</p>
      </header>
      <footer className="step-nav">
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid="sandbox-back"
          title={fmt(t.lesson.sandboxBackTo, { title: lessonTitle })}
          onClick={onBack}
        >
          ‹ {t.lesson.sandboxBack}
        </button>
      </footer>
    </div>
  );
}

function stepDone(lessonId: string, step: Step, p: ProgressState): boolean {
  return step.blocks.every(
    (b) =>
      (b.kind !== "task" || blockKey(lessonId, b.id) in p.completedTasks) &&
      (b.kind !== "quiz" || p.quizzesSolved[blockKey(lessonId, b.id)] === true),
  );
}

function LessonView({
  lesson,
  nextLesson,
  onNextLesson,
}: {
  lesson: Lesson;
  nextLesson?: string;
  onNextLesson(): void;
}) {
  const savedStep = useProgress((s) => s.steps[lesson.id] ?? 0);
  const stepIndex = Math.min(Math.max(0, savedStep), lesson.steps.length - 1);
  const step = lesson.steps[stepIndex];
  const progress = useProgress();
  const setup = useSession((s) => (s.setup?.lessonId === lesson.id ? s.setup : null));
  const body = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const tasks = lessonTasks(lesson);
  const doneCount = tasks.filter((task) => blockKey(lesson.id, task.id) in progress.completedTasks).length;
  const allDone = tasks.length > 0 && doneCount === tasks.length;

  useEffect(() => {
    useProgress.getState().setCurrentLesson(lesson.id);
  }, [lesson.id]);

  // On a step change made by the learner: back to the top, focus on the step's title.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every step change by design
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    body.current?.scrollTo({ top: 0 });
    heading.current?.focus();
  }, [stepIndex]);

  const goStep = (i: number) => {
    moved.current = true;
    useProgress.getState().setStep(lesson.id, i);
  };

  return (
    <div className="lesson-body" ref={body}>
      <header className="lesson-head">
        <h2 className="lesson-title" data-testid="lesson-title">
          {lesson.title}
        </h2>
        <p className="lesson-summary">{lesson.summary}</p>
        <p className="lesson-meta">
          <span className="tag">{fmt(t.lesson.minutes, { n: lesson.minutes })}</span>
          {tasks.length > 0 && (
            <span className={`tag ${allDone ? "tag-done" : ""}`} data-testid="task-progress">
              {fmt(t.lesson.taskProgress, { done: doneCount, total: tasks.length })}
            </span>
          )}
        </p>
        {setup?.status === "running" && (
          <p className="lesson-setup" role="status">
            {t.lesson.setupRunning}
          </p>
        )}
        {setup?.status === "failed" && (
          <p className="lesson-setup is-failed" role="alert">
            {fmt(t.lesson.setupFailed, { script: setup.failed ?? "" })}
          </p>
        )}
      </header>

      <nav aria-label={t.lesson.steps}>
        <ol className="step-list">
          {lesson.steps.map((s, i) => {
            const interactive = s.blocks.some((b) => b.kind === "task" || b.kind === "quiz");
            // A step with tasks or quizzes is done when they are; a reading step once the learner moved past it.
            const done = interactive ? stepDone(lesson.id, s, progress) : i < stepIndex;
            return (
              <li key={s.index}>
                <button
                  type="button"
                  className={`step-pill ${i === stepIndex ? "is-current" : ""} ${done ? "is-done" : ""}`}
                  data-testid={`step-${i}`}
                  data-status={done ? "done" : "todo"}
                  aria-current={i === stepIndex ? "step" : undefined}
                  title={s.title}
                  onClick={() => goStep(i)}
                >
                  <span aria-hidden="true">{done ? "✓" : i + 1}</span>
                  <span className="visually-hidden">
                    {`${fmt(t.lesson.stepOf, { n: i + 1, total: lesson.steps.length })} ${s.title}${done ? ` (${t.lesson.stepDone})` : ""}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>

      <article className="lesson-step" data-testid="lesson-step" data-step={stepIndex}>
        {stepIndex === 0 && lesson.intro.length > 0 && (
          <div className="lesson-intro">{renderBlocks(lesson, -1, lesson.intro)}</div>
        )}
        <p className="step-count">{fmt(t.lesson.stepOf, { n: stepIndex + 1, total: lesson.steps.length })}</p>
        <h3 className="step-title" ref={heading} tabIndex={-1}>
          {step.title}
        </h3>
        {renderBlocks(lesson, stepIndex, step.blocks)}
      </article>

      {allDone && stepIndex === lesson.steps.length - 1 && (
        <p className="lesson-done" role="status" data-testid="lesson-done">
          {t.lesson.lessonDone}
        </p>
      )}

      <footer className="step-nav">
        <button
          type="button"
          className="btn btn-small"
          data-testid="prev-step"
          disabled={stepIndex === 0}
          onClick={() => goStep(stepIndex - 1)}
        >
          ‹ {t.lesson.prevStep}
        </button>
        {stepIndex < lesson.steps.length - 1 ? (
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="next-step"
            onClick={() => goStep(stepIndex + 1)}
          >
            {t.lesson.nextStep} ›
          </button>
        ) : nextLesson ? (
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="next-lesson-bottom"
            onClick={onNextLesson}
          >
            {t.lesson.nextLesson} ›
          </button>
        ) : null}
      </footer>
    </div>
  );
}

function renderBlocks(lesson: Lesson, stepIndex: number, blocks: Block[]) {
  return blocks.map((b, i) => {
    const key = `${stepIndex}:${i}`;
    switch (b.kind) {
      case "markdown":
        return <Markdown key={key} text={b.markdown} />;
      case "run":
        return <RunBlock key={key} id={`run:${lesson.id}:${key}`} block={b} />;
      case "task":
        return <TaskCard key={key} lessonId={lesson.id} task={b} />;
      case "quiz":
        return <QuizCard key={key} lessonId={lesson.id} quiz={b} />;
      default:
        return null;
    }
  });
}
