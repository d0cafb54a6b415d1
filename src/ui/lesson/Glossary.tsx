/**
 * The glossary (용어집): a button in the lesson pane header that opens a modal
 * dialog listing every course term (English, 한국어, one sentence each) from
 * `src/course/glossary.ko.ts`. The native <dialog> gives the dialog role, moves
 * focus in, closes on Esc and gives focus back to the button.
 */
import { useId, useRef } from "react";
import { GLOSSARY_KO } from "../../course/glossary.ko";
import { t } from "../../i18n/ko";

/** `text` with `backticked` parts as <code> (commands stay in code style). */
function withCode(text: string) {
  return text.split("`").map((part, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
    i % 2 === 1 ? <code key={i}>{part}</code> : part,
  );
}

export function Glossary() {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid="open-glossary"
        aria-haspopup="dialog"
        title={t.lesson.glossaryTitle}
        onClick={() => dialog.current?.showModal()}
      >
        {t.lesson.glossary}
      </button>
      <dialog
        ref={dialog}
        className="lesson-dialog glossary-dialog"
        aria-labelledby={titleId}
        aria-describedby={descId}
        data-testid="glossary"
        lang="ko"
      >
        <div className="glossary-head">
          <h3 id={titleId}>{t.lesson.glossary}</h3>
          <form method="dialog">
            <button
              type="submit"
              className="btn btn-small"
              data-testid="glossary-close"
              aria-label={t.lesson.glossaryClose}
            >
              {t.lesson.glossaryClose}
            </button>
          </form>
        </div>
        <p id={descId} className="glossary-intro">
          {t.lesson.glossaryIntro}
        </p>
        <dl className="glossary-list">
          {GLOSSARY_KO.map((term) => (
            <div key={term.en} className="glossary-entry" data-testid="glossary-entry">
              <dt>
                <span className="glossary-ko">{term.ko}</span> <span lang="en">{term.en}</span>
              </dt>
              <dd>{withCode(term.explanation)}</dd>
            </div>
          ))}
        </dl>
      </dialog>
    </>
  );
}
