/**
 * Which engine the terminal's `docker` talks to (시뮬레이터 / 실제 엔진), always visible, and —
 * when the app was served by a classroom gateway — a switch between them. The switch runs
 * `docker context use …` in the machine, exactly what the learner could type; in class mode it
 * asks for the join code when the machine has none yet.
 */
import { type FormEvent, useEffect, useState } from "react";
import { fmt, t } from "../../i18n/ko";
import { switchEngine } from "../../state/machine-client";
import { useAppStore } from "../../state/store";
import "./engine-switch.css";

/** The message worth showing from `docker context use`'s stderr (English, as docker says it). */
function reason(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.trim()) ?? "";
  return line.replace(/^Error response from daemon: /, "").trim();
}

export function EngineSwitch() {
  const engine = useAppStore((s) => s.engine);
  const ready = useAppStore((s) => s.ready);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [code, setCode] = useState("");

  // A failure message stays a while, then goes (or goes as soon as the code is edited).
  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), 10_000);
    return () => clearTimeout(timer);
  }, [error]);

  const real = engine?.context === "real";
  const down = real && engine !== null && !engine.running;
  const gateway = engine?.gateway ?? null;
  const target = real ? "default" : "classroom";

  const go = async (name: "default" | "classroom", joinCode?: string) => {
    setPending(true);
    setError(null);
    try {
      const r = await switchEngine(name, joinCode);
      if (r.exitCode === 0) {
        setAsking(false);
        setCode("");
      } else if (/needs a join code/.test(r.stderr)) {
        setAsking(true);
      } else {
        if (/wrong join code/.test(r.stderr)) setAsking(true);
        setError(fmt(t.context.failed, { error: reason(r.stderr) }));
      }
    } catch (e) {
      setError(fmt(t.context.failed, { error: (e as Error).message }));
    } finally {
      setPending(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) void go("classroom", code);
  };

  const label = real ? t.context.real : t.context.sim;
  return (
    <div className="engine-switch" data-testid="engine-switch" data-context={real ? "real" : "sim"}>
      <output
        className={`engine-indicator ${real ? "is-real" : "is-sim"}${down ? " is-down" : ""}`}
        aria-label={`${t.context.label}: ${label}${down ? ` (${t.context.disconnected})` : ""}`}
        title={real ? t.context.realHint : t.context.simHint}
        data-testid="engine-indicator"
      >
        <span className="engine-indicator-dot" aria-hidden="true" />
        {label}
        {down && <span className="engine-indicator-down">· {t.context.disconnected}</span>}
      </output>
      {gateway &&
        (asking && !real ? (
          <form className="engine-join" onSubmit={submit}>
            <label>
              <span className="visually-hidden">{t.context.joinCode}</span>
              <input
                className="engine-join-input"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                  setError(null);
                }}
                placeholder={t.context.joinCode}
                title={t.context.joinCodeHint}
                autoComplete="off"
                spellCheck={false}
                data-testid="engine-join-code"
              />
            </label>
            <button type="submit" className="btn btn-small" disabled={pending || !code.trim()}>
              {pending ? t.context.switching : t.context.join}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setAsking(false);
                setError(null);
              }}
            >
              {t.context.cancel}
            </button>
          </form>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            disabled={pending || !ready}
            onClick={() => void go(target)}
            title={fmt(t.context.switchTitle, { name: target })}
            data-testid="engine-switch-button"
          >
            {pending ? t.context.switching : real ? t.context.toSim : t.context.toReal}
          </button>
        ))}
      {error && (
        <span className="engine-switch-error" role="alert" data-testid="engine-switch-error">
          {error}
        </span>
      )}
    </div>
  );
}
