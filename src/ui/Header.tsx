import { t } from "../i18n/ko";
import { setExplain } from "../state/machine-client";
import { TERMINAL_FONT_MAX, TERMINAL_FONT_MIN, useAppStore } from "../state/store";
import { EngineSwitch } from "./engine/EngineSwitch";

export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <h1 className="app-name">{t.app.name}</h1>
        <MachineStatus />
        <EngineSwitch />
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of independent controls, not a form field set */}
      <div className="toolbar" role="group" aria-label={t.header.settings}>
        <FontSizeControl />
        <ExplainToggle />
        <ThemeToggle />
      </div>
    </header>
  );
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <g fill="var(--on-accent)">
        <rect x="12" y="30" width="11" height="10" rx="1.5" />
        <rect x="26" y="30" width="11" height="10" rx="1.5" />
        <rect x="40" y="30" width="11" height="10" rx="1.5" />
        <rect x="19" y="18" width="11" height="10" rx="1.5" />
        <rect x="33" y="18" width="11" height="10" rx="1.5" />
        <path d="M10 44h44c-2 7-10 10-22 10S12 51 10 44z" />
      </g>
    </svg>
  );
}

function MachineStatus() {
  const status = useAppStore((s) => s.status);
  const busy = useAppStore((s) => s.busy);
  const kind = status === "ready" && busy ? "busy" : status;
  const label = kind === "busy" ? t.status.busy : t.status[status];
  return (
    <output
      className={`status status-${kind}`}
      aria-label={`${t.status.label}: ${label}`}
      data-testid="machine-status"
      data-status={kind}
    >
      <span className="status-dot" aria-hidden="true" />
      {label}
    </output>
  );
}

function FontSizeControl() {
  const size = useAppStore((s) => s.terminalFontSize);
  const setSize = useAppStore((s) => s.setTerminalFontSize);
  return (
    // biome-ignore lint/a11y/useSemanticElements: two buttons and a value, not a form field set
    <div className="control-group" role="group" aria-label={t.header.fontSize}>
      <button
        type="button"
        className="btn btn-icon"
        onClick={() => setSize(size - 1)}
        disabled={size <= TERMINAL_FONT_MIN}
        aria-label={t.header.fontSmaller}
        title={t.header.fontSmaller}
      >
        <span aria-hidden="true">가−</span>
      </button>
      <span className="font-size-value" aria-hidden="true">
        {size}
      </span>
      <button
        type="button"
        className="btn btn-icon"
        onClick={() => setSize(size + 1)}
        disabled={size >= TERMINAL_FONT_MAX}
        aria-label={t.header.fontLarger}
        title={t.header.fontLarger}
      >
        <span aria-hidden="true">가+</span>
      </button>
    </div>
  );
}

function ExplainToggle() {
  const explain = useAppStore((s) => s.explain);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={explain}
      className="btn switch"
      onClick={() => setExplain(!explain)}
      title={t.header.explainHint}
      data-testid="explain-toggle"
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {t.header.explain}
    </button>
  );
}

function ThemeToggle() {
  const theme = useAppStore((s) => s.theme);
  const toggle = useAppStore((s) => s.toggleTheme);
  const next = theme === "dark" ? t.header.themeToLight : t.header.themeToDark;
  return (
    <button type="button" className="btn" onClick={toggle} aria-label={next} title={next} data-testid="theme-toggle">
      {theme === "dark" ? <SunIcon /> : <MoonIcon />}
      <span aria-hidden="true">{theme === "dark" ? t.header.themeLight : t.header.themeDark}</span>
    </button>
  );
}

function SunIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="4.5" fill="currentColor" />
      <g stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <path d="M12 2v2.5M12 19.5V22M2 12h2.5M19.5 12H22M4.9 4.9l1.8 1.8M17.3 17.3l1.8 1.8M4.9 19.1l1.8-1.8M17.3 6.7l1.8-1.8" />
      </g>
    </svg>
  );
}

function MoonIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M20.5 14.6A8.5 8.5 0 0 1 9.4 3.5a8.5 8.5 0 1 0 11.1 11.1z" />
    </svg>
  );
}
