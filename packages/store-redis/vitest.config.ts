import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@sessionkit/source"] },
  ssr: { resolve: { conditions: ["@sessionkit/source"] } },
  test: {
    name: "@sessionkit/store-redis",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    // One file at a time: noscript.test.ts flushes the script cache and cluster-resharding
    // moves a slot, which would add EVAL fallbacks and redirections to the commands that
    // round-trips.test.ts counts in another file running at the same moment.
    fileParallelism: false,
  },
});
