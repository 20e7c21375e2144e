import { defineConfig } from "vitest/config";

// Vitest 4 removed the workspace file: the projects are listed here instead.
export default defineConfig({
  test: {
    projects: ["packages/*", "examples/*", "tests/*"],
  },
});
