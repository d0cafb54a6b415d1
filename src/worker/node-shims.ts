/**
 * dockerfile-ast checks the first character for a UTF-8 byte-order mark with
 * Node's Buffer.from(char, "UTF-8"). That is the only Node global it needs;
 * give the worker exactly that, through TextEncoder.
 */
const g = globalThis as unknown as { Buffer?: unknown };
if (!g.Buffer) {
  g.Buffer = {
    from(value: string | ArrayLike<number>, encoding?: string): Uint8Array {
      if (typeof value !== "string") return Uint8Array.from(value);
      if (encoding && !/^utf-?8$/i.test(encoding)) throw new Error(`Buffer shim: unsupported encoding ${encoding}`);
      return new TextEncoder().encode(value);
    },
  };
}
