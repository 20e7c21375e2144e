import { describeDriverError, sanitizedDriverError } from "./driver-error.js";
import { isSessionError, SessionStoreError } from "./errors.js";
import type { StoreOperation } from "./store.js";

/**
 * Runs one driver call and rethrows any failure as a `SessionStoreError` whose `cause` is the
 * driver's error without its message text (`sanitizedDriverError`: a driver's message can quote
 * the session data it failed to write). Store implementations wrap every database call with it,
 * so applications see one error class whatever the backend, and no session data in logs.
 */
export async function storeCall<T>(
  storeName: string,
  operation: StoreOperation,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isSessionError(error)) throw error;
    throw new SessionStoreError(storeName, operation, describeDriverError(error), {
      cause: sanitizedDriverError(error),
    });
  }
}
