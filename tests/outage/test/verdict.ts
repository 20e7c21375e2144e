import type { ExpectStatic } from "vitest";
import type { outageUnderLoad } from "./load.js";

/** What must hold after an outage under load, whatever the database. */
export function expectOutageHeld(
  expect: ExpectStatic,
  result: Awaited<ReturnType<typeof outageUnderLoad>>,
  failBound: number,
): void {
  const { summary, tail, acknowledged, failed, stored } = result;
  expect(summary.connectionErrors, "no request lost its connection").toBe(0);
  // Session requests during the outage: the framework's error path, within storeTimeout (+ margin).
  expect(summary.cookieDuring).toBeGreaterThan(0);
  expect(summary.cookieDuringStatuses).toEqual([500]);
  expect(summary.cookieDuringErrors, "the app's error handler caught the store's error").toEqual([
    "SessionStoreError",
  ]);
  expect(summary.failMax).toBeLessThan(failBound);
  // Requests without a cookie never needed the store: they went on.
  expect(summary.anonDuring).toBeGreaterThan(0);
  expect(summary.anonDuringStatuses).toEqual([200]);
  // Recovered by itself, and healthy at the end.
  expect(Number.isFinite(summary.recoveryMs)).toBe(true);
  expect(tail.length).toBeGreaterThan(0);
  expect(tail.every((s) => s.status === 200)).toBe(true);
  // Nothing half-written: every session readable, its version in step with its data, no
  // acknowledged hit lost, and none invented beyond the writes whose answer failed.
  for (const [i, record] of stored.entries()) {
    expect(record, `session ${i}`).not.toBeNull();
    expect(record?.version, `session ${i}: version in step with the data`).toBe(record?.hits);
    expect(record?.hits).toBeGreaterThanOrEqual(acknowledged[i] ?? 0);
    expect(record?.hits).toBeLessThanOrEqual((acknowledged[i] ?? 0) + (failed[i] ?? 0));
  }
}
