import { useId, useRef } from "react";
import type { Task } from "../../course";
import { fmt, t } from "../../i18n/ko";
import { blockKey, useProgress } from "../../state/progress";
import { useAppStore } from "../../state/store";
import { Markdown } from "./Markdown";
import { checkTask, typeInto, useSession } from "./session";

/**
 * A task: goal, 확인 (check now; checks also run by themselves after every
 * command), hints one at a time, and 정답 보기 (after a confirmation, the
 * solution is typed into the terminal line by line).
 */
export function TaskCard({ lessonId, task }: { lessonId: string; task: Task }) {
  const key = blockKey(lessonId, task.id);
  const done = useProgress((s) => key in s.completedTasks);
  const hintsShown = useProgress((s) => s.hints[key] ?? 0);
  const solutionShown = useProgress((s) => s.solutionsShown[key] === true);
  const ui = useSession((s) => s.tasks[key]);
  const typing = useSession((s) => s.typing);
  const ready = useAppStore((s) => s.ready);
  // In real mode a simulator-only task (`engines: [sim]` in the lesson) says where to do it.
  const simOnly = useAppStore((s) => s.engine?.context === "real") && !task.engines.includes("real");
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const dialogTitleId = useId();

  const checking = ui?.checking ?? false;
  const messages = ui?.messages ?? null;
  const replayId = `solution:${key}`;

  const replay = () => void typeInto(replayId, task.solution);

  return (
    <section
      className={`task-card ${done ? "is-done" : ""}`}
      data-testid={`task-${task.id}`}
      data-status={done ? "done" : "todo"}
      aria-labelledby={titleId}
    >
      <header className="task-head">
        <span className="task-kind" id={titleId}>
          {t.lesson.task}
        </span>
        <span className={`task-state ${done ? "is-done" : ""}`}>
          {done ? `✓ ${t.lesson.taskDone}` : t.lesson.taskTodo}
        </span>
      </header>
      <Markdown text={task.goal} className="task-goal" />
      {simOnly && (
        <p className="task-engine-note" data-testid="task-sim-only">
          <Markdown text={t.lesson.simOnly} inline />
        </p>
      )}

      <div className="task-feedback" aria-live="polite">
        {done ? (
          <p className="check-ok" data-testid="check-ok">
            {t.lesson.checkPassed}
          </p>
        ) : messages && messages.length > 0 ? (
          <div className="check-fail">
            <p>{t.lesson.checkFailed}</p>
            <ul>
              {messages.map((m) => (
                <li key={m} data-testid="check-message">
                  <Markdown text={m} inline />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {!done && ui?.notice && (
          <p className="check-notice" data-testid="check-notice">
            {ui.notice}
          </p>
        )}
      </div>

      <div className="task-actions">
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid="check-button"
          disabled={checking}
          aria-busy={checking || undefined}
          onClick={() => void checkTask(lessonId, task, true)}
        >
          {checking ? t.lesson.checking : t.lesson.check}
        </button>
        {task.hints.length > 0 && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="hint-button"
            disabled={hintsShown >= task.hints.length}
            onClick={() => useProgress.getState().revealHint(lessonId, task.id, task.hints.length)}
          >
            {hintsShown >= task.hints.length
              ? t.lesson.hintsAllShown
              : hintsShown === 0
                ? t.lesson.hint
                : fmt(t.lesson.hintMore, { n: hintsShown + 1, total: task.hints.length })}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          data-testid="solution-button"
          onClick={() => dialog.current?.showModal()}
        >
          {t.lesson.solution}
        </button>
      </div>

      {hintsShown > 0 && (
        <ol className="task-hints" aria-label={t.lesson.hint}>
          {task.hints.slice(0, hintsShown).map((h, i) => (
            <li key={h} data-testid="hint">
              <span className="hint-label">{fmt(t.lesson.hintLabel, { n: i + 1 })}</span>
              <Markdown text={h} inline />
            </li>
          ))}
        </ol>
      )}

      {solutionShown && (
        <div className="task-solution" data-testid="solution">
          <p className="solution-title">{t.lesson.solutionTitle}</p>
          <pre className="run-code">
            <code>{task.solution.join("\n")}</code>
          </pre>
          <button
            type="button"
            className="btn btn-small"
            disabled={!ready || typing !== null}
            aria-busy={typing === replayId || undefined}
            onClick={replay}
          >
            {typing === replayId ? t.lesson.solutionReplaying : t.lesson.solutionReplay}
          </button>
        </div>
      )}

      <dialog ref={dialog} className="lesson-dialog" aria-labelledby={dialogTitleId} data-testid="solution-dialog">
        <form
          method="dialog"
          onSubmit={(e) => {
            const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
            if (submitter?.value !== "yes") return;
            useProgress.getState().markSolutionShown(lessonId, task.id);
            replay();
          }}
        >
          <h3 id={dialogTitleId}>{t.lesson.confirmTitle}</h3>
          <p>{t.lesson.confirmBody}</p>
          <div className="dialog-actions">
            <button type="submit" value="no" className="btn btn-small" data-testid="solution-cancel">
              {t.lesson.confirmNo}
            </button>
            <button type="submit" value="yes" className="btn btn-small btn-primary" data-testid="solution-confirm">
              {t.lesson.confirmYes}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
