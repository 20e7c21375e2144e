import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@sessionkit/docs-tests",
    include: ["test/**/*.test.mjs"],
  },
});
