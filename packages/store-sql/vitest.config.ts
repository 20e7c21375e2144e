import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@sessionkit/source"] },
  ssr: { resolve: { conditions: ["@sessionkit/source"] } },
  test: {
    name: "@sessionkit/store-sql",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
  },
});
