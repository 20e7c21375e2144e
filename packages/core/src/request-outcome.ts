/**
 * How a request ended, as its binding saw it: what `SessionManager.commit` needs to decide
 * whether the handler's changes to the session may be persisted.
 */
export interface RequestOutcome {
  /**
   * The handler threw, rejected or passed an error on (Express `next(err)`), whatever status
   * then answered it (an error with `status: 403` included).
   */
  error?: boolean;
  /** The status the response goes out with, as the handler or the framework set it. */
  status?: number;
  /** Explicitly failed, for callers that decide for themselves. */
  failed?: boolean;
}

/**
 * The failure rule every binding shares, so Express, Koa and a fetch handler agree: an error
 * (thrown or passed on, any status) or a 5xx answer persists nothing the handler did; a 4xx the
 * handler answers without an error (a "not found" page, a validation message) is a normal
 * answer and persists.
 */
export function requestFailed(outcome: RequestOutcome = {}): boolean {
  return outcome.failed === true || outcome.error === true || (outcome.status ?? 0) >= 500;
}
