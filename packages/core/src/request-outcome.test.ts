import { describe, expect, it } from "vitest";
import { requestFailed } from "./request-outcome.js";

describe("requestFailed", () => {
  it.each([
    [{}, false],
    [{ status: 200 }, false],
    [{ status: 404 }, false],
    [{ status: 499 }, false],
    [{ status: 500 }, true],
    [{ status: 503 }, true],
    [{ error: true, status: 403 }, true],
    [{ error: true, status: 200 }, true],
    [{ error: true }, true],
    [{ failed: true, status: 200 }, true],
    [{ error: false, status: 302 }, false],
  ])("%j → %s", (outcome, failed) => {
    expect(requestFailed(outcome)).toBe(failed);
  });
});
