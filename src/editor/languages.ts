/**
 * Which Monaco language a file gets. Only these are bundled (see
 * src/editor/monaco/setup.ts): Dockerfile, shell and YAML; anything else is
 * plain text.
 */
export type EditorLanguage = "dockerfile" | "shell" | "yaml" | "plaintext";

const SHELL_DOTFILES = new Set([".bashrc", ".profile", ".bash_profile", ".bash_aliases", ".bash_logout", ".zshrc"]);

export function basename(path: string): string {
  const parts = path.split("/").filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

/** The language for a path; `content` lets a `#!/bin/sh` script without an extension be shell. */
export function languageFor(path: string, content = ""): EditorLanguage {
  const name = basename(path);
  if (/^(dockerfile|containerfile)([.-].*)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name))
    return "dockerfile";
  if (/\.ya?ml$/i.test(name)) return "yaml";
  if (/\.(sh|bash|zsh|ksh|ash)$/i.test(name) || SHELL_DOTFILES.has(name)) return "shell";
  if (/^#!\s*\S*\b(env\s+)?(ba|da|z|k|a)?sh\b/.test(content)) return "shell";
  return "plaintext";
}
