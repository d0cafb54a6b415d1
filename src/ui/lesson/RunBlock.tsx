import type { Block } from "../../course";
import { t } from "../../i18n/ko";
import { useAppStore } from "../../state/store";
import { typeInto, useSession } from "./session";

type RunBlockData = Extract<Block, { kind: "run" }>;

/** A fenced ```sh run block: the code, and a ▶ 실행 button that types it into the terminal. */
export function RunBlock({ id, block }: { id: string; block: RunBlockData }) {
  const ready = useAppStore((s) => s.ready);
  const typing = useSession((s) => s.typing);
  const mine = typing === id;
  return (
    <div className="run-block">
      <pre className="run-code">
        <code>{block.code}</code>
      </pre>
      <button
        type="button"
        className="btn btn-small run-button"
        data-testid="run-button"
        title={t.lesson.runTitle}
        disabled={!ready || typing !== null}
        aria-busy={mine || undefined}
        onClick={() => void typeInto(id, block.lines)}
      >
        {mine ? t.lesson.typing : t.lesson.run}
      </button>
    </div>
  );
}
