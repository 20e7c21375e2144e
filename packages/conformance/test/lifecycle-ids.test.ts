import { describe, expect, it } from "vitest";
import {
  describeLifecycleConformance,
  LIFECYCLE_CASE_IDS,
  LIFECYCLE_TEST_IDS,
} from "../src/index.js";

describe("lifecycle suite catalogue", () => {
  it("registers every catalogued id exactly once, and nothing else", () => {
    expect([...LIFECYCLE_CASE_IDS].sort()).toEqual(Object.keys(LIFECYCLE_TEST_IDS).sort());
  });

  it("rejects options without createStore, unknown skip ids and skips without a reason", () => {
    const createStore = () => ({}) as never;
    expect(() => describeLifecycleConformance("x", {} as never)).toThrow(/createStore/);
    expect(() =>
      describeLifecycleConformance("x", {
        createStore,
        skip: { "lifecycle/no-such-case": "typo" } as never,
      }),
    ).toThrow(/unknown case id "lifecycle\/no-such-case"/);
    expect(() =>
      describeLifecycleConformance("x", {
        createStore,
        skip: { "lifecycle/manager-cleanup": " " },
      }),
    ).toThrow(/needs a reason/);
  });
});
