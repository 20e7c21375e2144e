import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@sessionkit/source"] },
  ssr: { resolve: { conditions: ["@sessionkit/source"] } },
  test: {
    name: "@sessionkit/compat-tests",
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 15_000,
  },
});
