/**
 * The editor tab's panel: a toolbar (file, status, save, close), notices
 * (restored draft, file changed in the terminal, file missing) and the
 * element Monaco lives in. This component has no Monaco in it: the session
 * loads Monaco into `host` the first time a file is shown.
 */
import { type KeyboardEvent, useEffect, useRef } from "react";
import { attachHost, dismissNotice, save, takeMachineCopy } from "../../editor/session";
import { type OpenFile, useEditorStore } from "../../editor/store";
import { fmt, t } from "../../i18n/ko";
import { cancelClose, confirmClose, requestClose, useCloseStore } from "./close";
import { EDITOR_PANEL_ID, labelOf, tabIdOf } from "./EditorTabs";
import "./editor.css";

const HOME = "/home/student";

/** `/home/student/app/Dockerfile` → `~/app/Dockerfile`, as the prompt shows it. */
export function displayPath(path: string): string {
  return path === HOME ? "~" : path.startsWith(`${HOME}/`) ? `~${path.slice(HOME.length)}` : path;
}

export function EditorPane() {
  const hostRef = useRef<HTMLDivElement>(null);
  const files = useEditorStore((s) => s.files);
  const active = useEditorStore((s) => s.active);
  const monaco = useEditorStore((s) => s.monaco);
  const closing = useCloseStore((s) => s.closing);
  const file = files.find((f) => f.path === active) ?? null;

  useEffect(() => {
    if (hostRef.current) attachHost(hostRef.current);
  }, []);

  // Ctrl+S anywhere in the panel (toolbar, notices) saves instead of opening the browser's "save page".
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s" && file) {
      e.preventDefault();
      void save(file.path);
    }
  };

  const loading = file && (file.status === "loading" || file.status === "idle" || monaco === "loading");
  const state = !file
    ? "closed"
    : monaco === "error" || file.status === "error"
      ? "error"
      : loading
        ? "loading"
        : "ready";

  return (
    <div
      className="editor-panel"
      id={EDITOR_PANEL_ID}
      role="tabpanel"
      aria-labelledby={file ? tabIdOf(file.path) : undefined}
      hidden={!file}
      onKeyDown={onKeyDown}
      data-testid="editor"
      data-state={state}
      data-path={file?.path ?? ""}
    >
      {file && <Toolbar file={file} label={labelOf(file, files)} />}
      {file && closing === file.path && <ConfirmClose file={file} label={labelOf(file, files)} />}
      {file && <Notice file={file} />}
      <div className="editor-body">
        <div className="editor-host" ref={hostRef} />
        {file && state === "loading" && (
          <div className="editor-overlay" role="status">
            <span className="spinner" aria-hidden="true" />
            {monaco === "loading" ? t.editor.loadingEditor : t.editor.loadingFile}
          </div>
        )}
        {file && state === "error" && (
          <div className="editor-overlay editor-overlay-error" role="alert">
            {monaco === "error" ? t.editor.editorFailed : fmt(t.editor.openFailed, { error: file.error ?? "" })}
          </div>
        )}
      </div>
    </div>
  );
}

function Toolbar({ file, label }: { file: OpenFile; label: string }) {
  let status: string | null = null;
  let tone = "muted";
  if (file.saving) status = t.editor.saving;
  else if (file.error && file.status === "ready") {
    status = fmt(t.editor.saveFailed, { error: file.error });
    tone = "danger";
  } else if (file.dirty) status = t.editor.draftKept;
  else if (file.savedAt) {
    status = t.editor.saved;
    tone = "ok";
  }
  return (
    <div className="editor-toolbar">
      <span className="editor-path mono" title={file.path}>
        {displayPath(file.path)}
      </span>
      <span className="tag editor-lang">{t.editor.language[file.language]}</span>
      <output className={`editor-status editor-status-${tone}`} data-testid="editor-status">
        {status}
      </output>
      <button
        type="button"
        className="btn btn-small editor-btn-primary editor-save"
        onClick={() => void save(file.path)}
        disabled={file.status !== "ready" || file.saving || !file.dirty}
        title={t.editor.saveTitle}
        data-testid="editor-save"
      >
        {t.editor.save}
      </button>
      <button
        type="button"
        className="btn btn-small btn-icon"
        onClick={() => requestClose(file.path)}
        aria-label={fmt(t.editor.close, { name: label })}
        title={fmt(t.editor.close, { name: label })}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}

function Notice({ file }: { file: OpenFile }) {
  if (!file.notice) return null;
  const text =
    file.notice === "restoredDraft"
      ? t.editor.restoredDraft
      : file.notice === "changedOnDisk"
        ? t.editor.changedOnDisk
        : t.editor.missing;
  return (
    <div className={`editor-notice editor-notice-${file.notice}`} role="status" data-testid="editor-notice">
      <span className="editor-notice-text">{text}</span>
      {file.notice === "changedOnDisk" && (
        <>
          <button type="button" className="btn btn-small" onClick={() => takeMachineCopy(file.path)}>
            {t.editor.useMachineCopy}
          </button>
          <button type="button" className="btn btn-small" onClick={() => dismissNotice(file.path)}>
            {t.editor.keepMine}
          </button>
        </>
      )}
      {file.notice !== "changedOnDisk" && (
        <button
          type="button"
          className="btn btn-small btn-icon"
          onClick={() => dismissNotice(file.path)}
          aria-label={t.editor.dismiss}
          title={t.editor.dismiss}
        >
          <span aria-hidden="true">✕</span>
        </button>
      )}
    </div>
  );
}

function ConfirmClose({ file, label }: { file: OpenFile; label: string }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      cancelClose();
    }
  };
  return (
    <div
      className="editor-confirm"
      role="alertdialog"
      aria-labelledby="editor-confirm-title"
      aria-describedby="editor-confirm-body"
      onKeyDown={onKeyDown}
    >
      <strong id="editor-confirm-title">{t.editor.confirmCloseTitle}</strong>
      <span id="editor-confirm-body">{fmt(t.editor.confirmCloseBody, { name: label })}</span>
      <div className="editor-confirm-actions">
        <button
          ref={first}
          type="button"
          className="btn btn-small editor-btn-primary"
          onClick={async () => {
            if (await save(file.path)) confirmClose(file.path);
            else cancelClose();
          }}
        >
          {t.editor.confirmSaveAndClose}
        </button>
        <button type="button" className="btn btn-small editor-btn-danger" onClick={() => confirmClose(file.path)}>
          {t.editor.confirmDiscard}
        </button>
        <button type="button" className="btn btn-small" onClick={cancelClose}>
          {t.editor.confirmCancel}
        </button>
      </div>
    </div>
  );
}
