import { describe, expect, it } from "vitest";
import { BINDING_CASE_IDS, BINDING_TEST_IDS, describeBindingConformance } from "../src/index.js";

describe("binding suite catalogue", () => {
  it("registers every catalogued id exactly once, and nothing else", () => {
    expect([...BINDING_CASE_IDS].sort()).toEqual(Object.keys(BINDING_TEST_IDS).sort());
  });

  it("rejects a harness without createStore, and skips without a reason", () => {
    const createListener = () => () => {};
    expect(() =>
      describeBindingConformance("x", { createListener } as never as Parameters<
        typeof describeBindingConformance
      >[1]),
    ).toThrow(/createStore/);
    expect(() =>
      describeBindingConformance(
        "x",
        { createListener, createStore: () => ({}) as never },
        { skip: { "binding/rolling-touch": " " } },
      ),
    ).toThrow(/needs a reason/);
  });
});
