import { useId } from "react";
import type { Quiz } from "../../course";
import { t } from "../../i18n/ko";
import { blockKey, useProgress } from "../../state/progress";
import { Markdown } from "./Markdown";

/** Multiple choice: the chosen choice's explanation shows at once; all of them once solved. */
export function QuizCard({ lessonId, quiz }: { lessonId: string; quiz: Quiz }) {
  const key = blockKey(lessonId, quiz.id);
  const answer = useProgress((s) => s.quizAnswers[key]);
  const solved = useProgress((s) => s.quizzesSolved[key] === true);
  const titleId = useId();
  const chosen = answer !== undefined ? quiz.choices[answer] : undefined;

  return (
    <section
      className={`quiz-card ${solved ? "is-done" : ""}`}
      data-testid={`quiz-${quiz.id}`}
      data-status={solved ? "done" : "todo"}
      aria-labelledby={titleId}
    >
      <header className="task-head">
        <span className="task-kind quiz-kind">{t.lesson.quiz}</span>
        {solved && <span className="task-state is-done">✓ {t.lesson.taskDone}</span>}
      </header>
      <div id={titleId}>
        <Markdown text={quiz.question} className="quiz-question" />
      </div>
      <ul className="quiz-choices">
        {quiz.choices.map((c, i) => {
          const picked = answer === i;
          const state = picked ? (c.correct ? "is-correct" : "is-wrong") : solved && c.correct ? "is-correct" : "";
          return (
            <li key={c.text}>
              <button
                type="button"
                className={`quiz-choice ${state}`}
                data-testid="quiz-choice"
                data-correct={solved || picked ? String(c.correct) : undefined}
                aria-pressed={picked}
                onClick={() => useProgress.getState().answerQuiz(lessonId, quiz.id, i, c.correct)}
              >
                <span className="quiz-mark" aria-hidden="true">
                  {picked || (solved && c.correct) ? (c.correct ? "✓" : "✗") : String.fromCharCode(0x2460 + i)}
                </span>
                <Markdown text={c.text} inline />
              </button>
              {(solved || picked) && (
                <div className="quiz-explain">
                  <Markdown text={c.explain} inline />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <p className="quiz-feedback" aria-live="polite" data-testid="quiz-feedback">
        {chosen ? (chosen.correct ? t.lesson.quizCorrect : t.lesson.quizWrong) : ""}
      </p>
    </section>
  );
}
