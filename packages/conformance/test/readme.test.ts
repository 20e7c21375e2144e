import { readFile } from "node:fs/promises";
import { describe, it } from "vitest";
import { STORE_TEST_IDS } from "../src/ids.js";
import { STORE_CASE_GROUPS } from "../src/store/index.js";

// The README is the store author's guide: these checks keep it true as the suite changes.
const read = (path: string) => readFile(new URL(path, import.meta.url), "utf8");

describe("README.md", () => {
  it("shows store-memory's conformance test file unchanged", async ({ expect }) => {
    const [readme, testFile] = await Promise.all([
      read("../README.md"),
      read("../../store-memory/test/conformance.test.ts"),
    ]);
    expect(readme).toContain(`\`\`\`ts\n${testFile.trimEnd()}\n\`\`\``);
  });

  it("lists every case id with its title, and states how many there are", async ({ expect }) => {
    const readme = await read("../README.md");
    for (const [id, title] of Object.entries(STORE_TEST_IDS)) {
      expect(readme).toContain(`- \`${id}\`: ${title}`);
    }
    const count = STORE_CASE_GROUPS.reduce((sum, group) => sum + group.cases.length, 0);
    expect(readme).toContain(`the same ${count} cases`);
  });

  it("documents every option and every group function", async ({ expect }) => {
    const readme = await read("../README.md");
    const options = ["createStore", "beforeAll", "afterAll", "afterEach", "createFailingStore"];
    for (const option of [...options, "capabilities", "skip", "timeout"]) {
      expect(readme).toMatch(new RegExp(`^\\| \`${option}[\`(]`, "m"));
    }
    const index = await read("../src/index.ts");
    for (const [name] of index.matchAll(/describeStore\w+/g)) expect(readme).toContain(name);
    expect(readme).toContain("## Lifecycle suite");
  });
});
