import { describe, expect, it } from "vitest";
import { GLOSSARY_KO } from "../../course/glossary.ko";
import { registerProblems, spellingProblems } from "../../course/lint";

describe("glossary data (용어집)", () => {
  it("has the core terms, each once", () => {
    const ko = GLOSSARY_KO.map((g) => g.ko);
    for (const term of ["도커", "컨테이너", "이미지", "레이어", "볼륨", "격리", "커널"]) expect(ko).toContain(term);
    expect(new Set(ko).size).toBe(ko.length);
    expect(new Set(GLOSSARY_KO.map((g) => g.en)).size).toBe(GLOSSARY_KO.length);
  });

  it("explains each term in one 해요체 sentence, with glossary spellings", () => {
    for (const g of GLOSSARY_KO) {
      expect(g.explanation, g.en).toMatch(/요\.$/);
      expect(g.explanation.match(/[.!?](?=\s|$)/g)?.length, g.en).toBe(1);
      expect(registerProblems(g.explanation), g.en).toEqual([]);
      expect(spellingProblems(g.explanation), g.en).toEqual([]);
    }
  });
});
