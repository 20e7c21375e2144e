import { SessionConfigError, type SessionStoreError } from "@sessionkit/core";
import type { CleanupRunnerOptions } from "./options.js";

/**
 * Calls `run` every `interval` ms on an unref'd timer (it never keeps the process alive), one
 * run at a time, and reports failures to `onError` instead of rejecting into the void.
 * Resolves to a function that stops it and waits for a run in progress.
 */
export function startIntervalRunner(
  run: () => Promise<number>,
  options: CleanupRunnerOptions,
): () => Promise<void> {
  const { interval, onError = warn, onCleanup } = options;
  if (!Number.isFinite(interval) || interval <= 0 || interval > 2 ** 31 - 1) {
    throw new SessionConfigError(
      "interval",
      "must be a positive number of milliseconds below 2^31 (about 24.8 days)",
    );
  }
  let running: Promise<void> | undefined;
  const tick = (): void => {
    if (running) return;
    // `running` is cleared before the callbacks run: the run is over by then, and a callback
    // that starts waiting for the next run must not see this one as still going.
    running = run().then(
      (deleted) => {
        running = undefined;
        report(() => onCleanup?.(deleted));
      },
      (error: unknown) => {
        running = undefined;
        report(() => onError(error as SessionStoreError));
      },
    );
  };
  const timer = setInterval(tick, interval);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** Runs an app callback; one that throws becomes a warning, never an unhandled rejection. */
function report(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    warn(error);
  }
}

function warn(error: unknown): void {
  const warning = error instanceof Error ? error : new Error(String(error));
  process.emitWarning(warning);
}
