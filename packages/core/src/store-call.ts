import { isSessionError, SessionStoreError } from "./errors.js";
import type { StoreOperation } from "./store.js";

/**
 * Runs one driver call and rethrows any failure as a `SessionStoreError` carrying the driver's
 * error as `cause`. Store implementations wrap every database call with it, so applications see
 * one error class whatever the backend.
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
    const message = error instanceof Error ? error.message : String(error);
    throw new SessionStoreError(storeName, operation, message, { cause: error });
  }
}
