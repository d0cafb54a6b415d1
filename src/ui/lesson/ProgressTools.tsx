/**
 * The lesson pane header's progress tools: export progress as a JSON file,
 * import it back (an invalid file changes nothing and says why), reset the
 * current lesson and reset the whole machine (each after a confirmation).
 */
import { useRef, useState } from "react";
import { fmt, t } from "../../i18n/ko";
import { resetMachine } from "../../state/machine-client";
import {
  exportProgressText,
  type ImportError,
  parseProgressFile,
  progressSnapshot,
  useProgress,
} from "../../state/progress";
import { ConfirmDialog, type ConfirmHandle } from "./ConfirmDialog";
import { useSession } from "./session";

const IMPORT_ERRORS: Record<ImportError, string> = {
  notJson: t.lesson.importNotJson,
  notProgress: t.lesson.importNotProgress,
  newerVersion: t.lesson.importNewerVersion,
};

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Forgets the pane's transient task messages of one lesson. */
function clearSessionOf(lessonId: string): void {
  const tasks = { ...useSession.getState().tasks };
  for (const k of Object.keys(tasks)) if (k.startsWith(`${lessonId}/`)) delete tasks[k];
  useSession.setState({ tasks });
}

export function ProgressTools({ lessonId, lessonTitle }: { lessonId: string; lessonTitle: string }) {
  const file = useRef<HTMLInputElement>(null);
  const resetLessonDialog = useRef<ConfirmHandle>(null);
  const resetMachineDialog = useRef<ConfirmHandle>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);

  const onExport = () => {
    const date = new Date().toISOString().slice(0, 10);
    download(exportProgressText(progressSnapshot()), `container-classroom-progress-${date}.json`);
  };

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    let text: string;
    try {
      text = await f.text();
    } catch {
      setNotice({ text: t.lesson.importReadFailed, error: true });
      return;
    }
    const r = parseProgressFile(text);
    if (!r.ok) {
      setNotice({ text: IMPORT_ERRORS[r.error], error: true });
      return;
    }
    useSession.setState({ tasks: {} });
    useProgress.getState().replaceAll(r.data);
    setNotice({ text: t.lesson.imported, error: false });
  };

  return (
    <fieldset className="progress-tools" aria-label={t.lesson.progressTools}>
      <button
        type="button"
        className="btn btn-small"
        data-testid="export-progress"
        title={t.lesson.exportTitle}
        onClick={onExport}
      >
        {t.lesson.exportProgress}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="import-progress"
        title={t.lesson.importTitle}
        onClick={() => file.current?.click()}
      >
        {t.lesson.importProgress}
      </button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import-progress-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          void onFile(f);
        }}
      />
      <button
        type="button"
        className="btn btn-small"
        data-testid="reset-lesson"
        title={t.lesson.resetLessonTitle}
        onClick={() => resetLessonDialog.current?.open()}
      >
        {t.lesson.resetLesson}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="reset-machine"
        title={t.lesson.resetMachineTitle}
        onClick={() => resetMachineDialog.current?.open()}
      >
        {t.lesson.resetMachine}
      </button>

      {notice && (
        <p
          className={`progress-notice ${notice.error ? "is-error" : ""}`}
          role={notice.error ? "alert" : "status"}
          data-testid="progress-notice"
        >
          <span>{notice.text}</span>
          <button
            type="button"
            className="btn btn-small btn-icon"
            aria-label={t.lesson.cancel}
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </p>
      )}

      <ConfirmDialog
        ref={resetLessonDialog}
        testId="reset-lesson-dialog"
        title={t.lesson.resetLessonConfirmTitle}
        yes={t.lesson.resetLessonYes}
        no={t.lesson.cancel}
        danger
        onYes={() => {
          useProgress.getState().resetLesson(lessonId);
          clearSessionOf(lessonId);
          setNotice({ text: t.lesson.resetLessonDone, error: false });
        }}
      >
        <p>{fmt(t.lesson.resetLessonConfirmBody, { title: lessonTitle })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        ref={resetMachineDialog}
        testId="reset-machine-dialog"
        title={t.lesson.resetMachineConfirmTitle}
        yes={t.lesson.resetMachineYes}
        no={t.lesson.cancel}
        danger
        onYes={() => {
          void resetMachine();
          useSession.setState({ tasks: {} });
          setNotice({ text: t.lesson.resetMachineDone, error: false });
        }}
      >
        <p>{t.lesson.resetMachineConfirmBody}</p>
      </ConfirmDialog>
    </fieldset>
  );
}
