import "@fontsource/nanum-gothic-coding/400.css";
import "@fontsource/nanum-gothic-coding/700.css";
import "@xterm/xterm/css/xterm.css";
import "./ui/styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { startMachineAfterPaint } from "./state/machine-client";
import { initTheme } from "./state/store";
import { installTestHooks } from "./terminal/test-hooks";
import { App } from "./ui/App";

initTheme();
installTestHooks();

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The machine (just-bash + the engine) is a separate, heavy bundle: load it after first paint.
startMachineAfterPaint();
