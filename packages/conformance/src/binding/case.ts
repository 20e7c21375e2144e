import { type ExpectStatic, it } from "vitest";
import { BINDING_TEST_IDS, type BindingTestId } from "../binding-ids.js";
import type { BindingConformanceOptions, BindingHarness } from "./harness.js";

const DEFAULT_TIMEOUT = 15_000;

/** What one scenario receives. */
export interface BindingCaseContext {
  harness: BindingHarness;
  /** The test's own `expect`. */
  expect: ExpectStatic;
}

/** One case of the binding suite, identified by its typed id. */
export interface BindingCase {
  id: BindingTestId;
  run(context: BindingCaseContext): Promise<void>;
}

/** Registers one case with vitest, or a visible skip carrying its reason. */
export function registerBindingCase(
  bindingCase: BindingCase,
  harness: BindingHarness,
  options: BindingConformanceOptions,
): void {
  const title = `${bindingCase.id}: ${BINDING_TEST_IDS[bindingCase.id]}`;
  const reason = options.skip?.[bindingCase.id];
  if (reason !== undefined) {
    it.skip(`${title} (skipped: ${reason})`, () => {});
    return;
  }
  // retry: 0 overrides any project-wide retry: a flaky conformance case is a bug to fix.
  it(title, { timeout: options.timeout ?? DEFAULT_TIMEOUT, retry: 0 }, async ({ expect }) => {
    await bindingCase.run({ harness, expect });
  });
}
