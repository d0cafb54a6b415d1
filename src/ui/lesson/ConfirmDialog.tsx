import { type ReactNode, useId, useImperativeHandle, useRef } from "react";

export interface ConfirmHandle {
  open(): void;
}

/**
 * A modal yes/no question (the native <dialog>: Esc and 취소 say no). `onYes`
 * runs only when the learner presses the confirm button.
 */
export function ConfirmDialog({
  ref,
  testId,
  title,
  children,
  yes,
  no,
  danger = false,
  onYes,
}: {
  ref: React.Ref<ConfirmHandle>;
  testId: string;
  title: string;
  children: ReactNode;
  yes: string;
  no: string;
  danger?: boolean;
  onYes(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useImperativeHandle(ref, () => ({ open: () => dialog.current?.showModal() }), []);
  return (
    <dialog ref={dialog} className="lesson-dialog" aria-labelledby={titleId} data-testid={testId}>
      <form
        method="dialog"
        onSubmit={(e) => {
          const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          if (submitter?.value === "yes") onYes();
        }}
      >
        <h3 id={titleId}>{title}</h3>
        {children}
        <div className="dialog-actions">
          <button type="submit" value="no" className="btn btn-small" data-testid={`${testId}-cancel`}>
            {no}
          </button>
          <button
            type="submit"
            value="yes"
            className={`btn btn-small ${danger ? "btn-danger" : "btn-primary"}`}
            data-testid={`${testId}-confirm`}
          >
            {yes}
          </button>
        </div>
      </form>
    </dialog>
  );
}
