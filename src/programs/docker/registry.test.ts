import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandSpec } from "./cli";
import { GROUPS } from "./index";

/** Adding a subcommand is one file plus one line in its object's index: this fails when the line is forgotten. */
describe("docker command registry", () => {
  for (const group of GROUPS) {
    it(`registers every subcommand file of '${group.name}'`, async () => {
      const dir = join(__dirname, group.name);
      const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts");
      let specs = 0;
      for (const f of files) {
        const mod = (await import(join(dir, f))) as Record<string, unknown>;
        for (const value of Object.values(mod)) {
          const spec = value as CommandSpec;
          if (!spec || typeof spec !== "object" || typeof spec.run !== "function" || typeof spec.usage !== "string")
            continue;
          specs++;
          const registered = group.commands.some((c) => c.run === spec.run);
          expect(
            registered,
            `${group.name}/${f} exports '${spec.name}' but ${group.name}/index.ts does not list it`,
          ).toBe(true);
        }
      }
      expect(specs).toBeGreaterThan(0);
    });
  }
});
