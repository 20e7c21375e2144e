import { describe, expect, it } from "vitest";
import { reapplyChangedKeys } from "./data-merge.js";

describe("reapplyChangedKeys", () => {
  it("keeps a concurrent writer's keys and re-applies this request's", () => {
    const base = { a: 0, b: 0, c: [1] };
    const fresh = { a: 5, b: 0, c: [1, 2], d: "theirs" };
    const mine = { a: 0, b: 7, c: [1] };
    expect(reapplyChangedKeys(fresh, base, mine)).toEqual({ a: 5, b: 7, c: [1, 2], d: "theirs" });
  });

  it("re-applies deletions and additions", () => {
    expect(reapplyChangedKeys({ a: 1, b: 2 }, { a: 1, b: 2 }, { b: 2, z: true })).toEqual({
      b: 2,
      z: true,
    });
  });

  it("lets this request win a key both changed", () => {
    expect(reapplyChangedKeys({ a: "theirs" }, { a: "base" }, { a: "mine" })).toEqual({
      a: "mine",
    });
  });

  it("compares nested values by content, not identity", () => {
    const base = { nested: { x: 1 } };
    const mine = { nested: { x: 1 } };
    expect(reapplyChangedKeys({ nested: { x: 2 } }, base, mine)).toEqual({ nested: { x: 2 } });
  });

  it("never shares objects with its inputs", () => {
    const mine = { list: [1] };
    const merged = reapplyChangedKeys<{ list?: number[] }>({}, {}, mine);
    merged.list?.push(2);
    expect(mine.list).toEqual([1]);
  });
});
