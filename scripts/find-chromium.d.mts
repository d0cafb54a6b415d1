/** Flags for headless Chromium (no sandbox, no GPU, no background networking). */
export const CHROMIUM_ARGS: string[];
/** Candidate paths, in the order they are tried. */
export function chromiumCandidates(): string[];
/** The first executable Chromium found, or null. Never installs anything. */
export function locateChromium(): string | null;
/**
 * Path to a Chromium executable. With `install` (the default), installs Debian's `chromium` with apt-get
 * when nothing is found and we are root on Debian. Throws an Error with one clear sentence otherwise.
 */
export function findChromium(options?: { install?: boolean; log?: (message: string) => void }): string;
