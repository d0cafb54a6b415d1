/**
 * Closing a file tab: at once when it is saved, otherwise after the learner
 * confirms in the editor pane (save and close / close without saving / cancel).
 */
import { create } from "zustand";
import { activate, close, focusEditor } from "../../editor/session";
import { getFile, useEditorStore } from "../../editor/store";
import { focusTerminal } from "../../terminal/terminal";

/** The file whose close waits for a confirmation (null: none). */
export const useCloseStore = create<{ closing: string | null }>()(() => ({ closing: null }));

export function requestClose(path: string): void {
  const file = getFile(path);
  if (!file) return;
  if (!file.dirty) {
    closeAndRefocus(path);
    return;
  }
  activate(path);
  useCloseStore.setState({ closing: path });
}

export function cancelClose(): void {
  useCloseStore.setState({ closing: null });
}

export function confirmClose(path: string): void {
  useCloseStore.setState({ closing: null });
  closeAndRefocus(path);
}

/** Close, then put the keyboard where the learner now looks: the next file, or the terminal. */
function closeAndRefocus(path: string): void {
  close(path);
  if (useEditorStore.getState().active === null) focusTerminal();
  else focusEditor();
}
