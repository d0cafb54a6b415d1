/**
 * The tab strip in the terminal pane's header: "터미널" and one tab per file
 * opened with `code FILE`. With no file open it is just the pane's title, as
 * before the editor existed. Arrow keys move between tabs, Delete closes a
 * file tab (asking first when it has unsaved changes).
 */
import { type KeyboardEvent, useEffect, useRef } from "react";
import { basename } from "../../editor/languages";
import { activate, focusEditor, initEditor } from "../../editor/session";
import { type OpenFile, useEditorStore } from "../../editor/store";
import { fmt, t } from "../../i18n/ko";
import { focusTerminal } from "../../terminal/terminal";
import { requestClose } from "./close";

export const TERMINAL_TAB_ID = "tab-terminal";
export const TERMINAL_PANEL_ID = "terminal-host";
export const EDITOR_PANEL_ID = "editor-panel";

export function tabIdOf(path: string): string {
  return `tab-file-${encodeURIComponent(path).replace(/%/g, "_")}`;
}

/** A short, unique label: the file name, or parent/name when two open files share a name. */
export function labelOf(file: OpenFile, files: OpenFile[]): string {
  const name = basename(file.path);
  if (files.filter((f) => basename(f.path) === name).length < 2) return name;
  const parts = file.path.split("/").filter(Boolean);
  return parts.slice(-2).join("/");
}

export function EditorTabs() {
  const files = useEditorStore((s) => s.files);
  const active = useEditorStore((s) => s.active);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    initEditor();
  }, []);

  if (files.length === 0) {
    return (
      <h2 id="terminal-title" className="pane-title">
        {t.terminal.title}
      </h2>
    );
  }

  const order: (string | null)[] = [null, ...files.map((f) => f.path)];
  const select = (path: string | null, focusTab: boolean) => {
    activate(path);
    if (focusTab) {
      const id = path === null ? TERMINAL_TAB_ID : tabIdOf(path);
      listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
    } else if (path === null) focusTerminal();
    else focusEditor();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = order.indexOf(active);
    let next: number | null = null;
    if (e.key === "ArrowRight") next = (i + 1) % order.length;
    else if (e.key === "ArrowLeft") next = (i - 1 + order.length) % order.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = order.length - 1;
    else if (e.key === "Delete" && active !== null) {
      e.preventDefault();
      requestClose(active);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    select(order[next], true);
  };

  return (
    <>
      <h2 id="terminal-title" className="visually-hidden">
        {t.terminal.title}
      </h2>
      <div className="editor-tabs" role="tablist" aria-label={t.editor.tabs} ref={listRef} onKeyDown={onKeyDown}>
        <button
          type="button"
          role="tab"
          id={TERMINAL_TAB_ID}
          className="editor-tab"
          aria-selected={active === null}
          aria-controls={TERMINAL_PANEL_ID}
          tabIndex={active === null ? 0 : -1}
          onClick={() => select(null, false)}
          data-testid="tab-terminal"
        >
          <TerminalIcon />
          {t.editor.terminalTab}
        </button>
        {files.map((f) => {
          const label = labelOf(f, files);
          const selected = active === f.path;
          return (
            <span key={f.path} className="editor-tab-wrap" role="presentation" data-selected={selected}>
              <button
                type="button"
                role="tab"
                id={tabIdOf(f.path)}
                className="editor-tab"
                aria-selected={selected}
                aria-controls={EDITOR_PANEL_ID}
                tabIndex={selected ? 0 : -1}
                title={f.path}
                onClick={() => select(f.path, false)}
                data-testid="tab-file"
                data-path={f.path}
                data-dirty={f.dirty}
              >
                <FileIcon />
                <span className="editor-tab-label">{label}</span>
                {f.dirty && (
                  <span className="editor-tab-dirty" title={t.editor.unsaved}>
                    <span aria-hidden="true">●</span>
                    <span className="visually-hidden">{t.editor.unsaved}</span>
                  </span>
                )}
              </button>
              {/* Mouse shortcut; keyboard users press Delete on the tab or use the close button in the editor toolbar. */}
              <button
                type="button"
                className="editor-tab-close"
                aria-hidden="true"
                tabIndex={-1}
                title={fmt(t.editor.close, { name: label })}
                onClick={() => requestClose(f.path)}
              >
                ✕
              </button>
            </span>
          );
        })}
      </div>
    </>
  );
}

function TerminalIcon() {
  return (
    <svg className="icon icon-tab" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M5 7l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M12 18h7" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}

function FileIcon() {
  return (
    <svg className="icon icon-tab" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 3h8l4 4v14H6z M14 3v4h4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
    </svg>
  );
}
