import { Group, Panel, Separator, useDefaultLayout } from "react-resizable-panels";
import { t } from "../i18n/ko";
import { TERMINAL_INPUT_ID } from "../terminal/terminal";
import { EngineView } from "./engine/EngineView";
import { Header } from "./Header";
import { LessonPane } from "./lesson/LessonPane";
import { TerminalPane } from "./TerminalPane";

const PANEL_IDS = ["panel-lesson", "panel-terminal", "panel-engine"];

export function App() {
  const layout = useDefaultLayout({ id: "cc-layout-v1", panelIds: PANEL_IDS, onlySaveAfterUserInteractions: true });

  return (
    <div className="app">
      {/* The terminal's input (xterm's textarea) carries this id; following the link focuses it. */}
      <a className="skip-link" href={`#${TERMINAL_INPUT_ID}`}>
        {t.app.skipToTerminal}
      </a>
      <Header />
      <main className="workspace">
        <Group
          orientation="horizontal"
          id="cc-layout"
          className="panes"
          defaultLayout={layout.defaultLayout}
          onLayoutChanged={layout.onLayoutChanged}
        >
          <Panel id="panel-lesson" defaultSize="30" minSize={280} className="panel">
            <section className="pane pane-lesson" aria-label={t.panes.lesson} data-testid="lesson-region">
              <LessonPane />
            </section>
          </Panel>
          <Separator className="resize-handle" aria-label={t.panes.resizeLessonTerminal} />
          <Panel id="panel-terminal" defaultSize="48" minSize={380} className="panel">
            <TerminalPane />
          </Panel>
          <Separator className="resize-handle" aria-label={t.panes.resizeTerminalEngine} />
          <Panel id="panel-engine" defaultSize="22" minSize={250} className="panel">
            <EngineView />
          </Panel>
        </Group>
      </main>
    </div>
  );
}
