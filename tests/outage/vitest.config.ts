import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@sessionkit/source"] },
  ssr: { resolve: { conditions: ["@sessionkit/source"] } },
  test: {
    name: "@sessionkit/outage-tests",
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
