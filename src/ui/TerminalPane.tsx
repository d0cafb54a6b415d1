import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useEditorStore } from "../editor/store";
import { t } from "../i18n/ko";
import { useAppStore } from "../state/store";
import {
  clearSearch,
  findInTerminal,
  focusTerminal,
  mountTerminal,
  onSearchRequested,
  prepareSearch,
} from "../terminal/terminal";
import { EditorPane } from "./editor/EditorPane";
import { EditorTabs, TERMINAL_PANEL_ID } from "./editor/EditorTabs";

export function TerminalPane() {
  const hostRef = useRef<HTMLDivElement>(null);
  const busy = useAppStore((s) => s.busy);
  const [searchOpen, setSearchOpen] = useState(false);
  // The editor's file tabs sit beside the terminal's; null is the terminal.
  const editorActive = useEditorStore((s) => s.active !== null);

  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    return mountTerminal(el);
  }, []);

  useEffect(() => {
    onSearchRequested(() => setSearchOpen(true));
    return () => onSearchRequested(null);
  }, []);

  const closeSearch = () => {
    setSearchOpen(false);
    clearSearch();
    focusTerminal();
  };

  return (
    <section className="pane pane-terminal" id="terminal-pane" aria-labelledby="terminal-title">
      <header className="pane-header">
        <EditorTabs />
        {busy && (
          <span className="busy-hint" data-testid="terminal-busy">
            <span className="spinner" aria-hidden="true" />
            {t.terminal.busyHint}
          </span>
        )}
        <button
          type="button"
          className="btn btn-small pane-action"
          hidden={editorActive}
          aria-expanded={searchOpen}
          aria-controls="terminal-search"
          title={t.terminal.searchOpen}
          onClick={() => (searchOpen ? closeSearch() : setSearchOpen(true))}
        >
          <SearchIcon />
          {t.terminal.search}
        </button>
      </header>
      {searchOpen && !editorActive && <SearchBar onClose={closeSearch} />}
      <div
        className="terminal-host"
        id={TERMINAL_PANEL_ID}
        data-testid="terminal"
        ref={hostRef}
        hidden={editorActive}
      />
      <EditorPane />
    </section>
  );
}

function SearchBar({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [noMatch, setNoMatch] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    prepareSearch();
    inputRef.current?.focus();
  }, []);

  const find = (direction: "next" | "previous") => {
    if (!query) return;
    void findInTerminal(query, direction).then((found) => setNoMatch(!found));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    find("next");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (e.key === "Enter" && e.shiftKey) {
      e.preventDefault();
      find("previous");
    }
  };

  return (
    <search id="terminal-search">
      <form className="search-bar" onSubmit={onSubmit}>
        <input
          ref={inputRef}
          type="text"
          className="search-input"
          value={query}
          placeholder={t.terminal.searchPlaceholder}
          aria-label={t.terminal.searchPlaceholder}
          aria-invalid={noMatch}
          onChange={(e) => {
            setQuery(e.target.value);
            setNoMatch(false);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="btn btn-small" onClick={() => find("previous")}>
          {t.terminal.searchPrevious}
        </button>
        <button type="submit" className="btn btn-small">
          {t.terminal.searchNext}
        </button>
        <button
          type="button"
          className="btn btn-small btn-icon"
          onClick={onClose}
          aria-label={t.terminal.searchClose}
          title={t.terminal.searchClose}
        >
          <span aria-hidden="true">✕</span>
        </button>
        <output className="search-status">{noMatch ? t.terminal.searchNoMatch : ""}</output>
      </form>
    </search>
  );
}

function SearchIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="10.5" cy="10.5" r="6" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path d="M15 15l5.5 5.5" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </svg>
  );
}
