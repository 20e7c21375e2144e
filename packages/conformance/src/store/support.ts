import {
  isSessionError,
  type SessionRecord,
  type SessionStore,
  SessionStoreError,
  type StoreOperation,
} from "@sessionkit/core";
import type { ExpectStatic } from "vitest";

type OptionalMethod = "listByUser" | "destroyByUser" | "cleanup";

function method<M extends OptionalMethod>(
  store: SessionStore,
  name: M,
): NonNullable<SessionStore[M]> {
  const fn = store[name];
  if (typeof fn !== "function") {
    throw new TypeError(
      `The store has no ${name}(): implement it, or declare capabilities.${name}: false to skip the cases that need it.`,
    );
  }
  return fn.bind(store) as NonNullable<SessionStore[M]>;
}

export function listByUser(store: SessionStore, userId: string): Promise<SessionRecord[]> {
  return method(store, "listByUser")(userId);
}

export function destroyByUser(
  store: SessionStore,
  userId: string,
  exceptId?: string,
): Promise<number> {
  const destroy = method(store, "destroyByUser");
  return exceptId === undefined ? destroy(userId) : destroy(userId, exceptId);
}

export function cleanup(store: SessionStore): Promise<number> {
  return method(store, "cleanup")();
}

/** Writes `record` as a create (expected version `null`) and checks that the store took it. */
export async function create(
  expect: ExpectStatic,
  store: SessionStore,
  record: SessionRecord,
): Promise<void> {
  expect(await store.set(record, null), `creating ${record.id}`).toBe(true);
}

/**
 * Checks that `call` rejects with a `SessionStoreError` for `operation` that carries the driver's
 * error as `cause`. Checks class, code and fields, never the message text.
 */
export async function expectStoreError(
  expect: ExpectStatic,
  operation: StoreOperation,
  call: () => Promise<unknown>,
): Promise<void> {
  let caught: unknown;
  let settled = false;
  try {
    await call();
    settled = true;
  } catch (error) {
    caught = error;
  }
  expect(settled, `${operation} should reject when the database fails`).toBe(false);
  expect(caught).toBeInstanceOf(SessionStoreError);
  expect(isSessionError(caught)).toBe(true);
  const error = caught as SessionStoreError;
  expect(error.code).toBe("ERR_SESSION_STORE");
  expect(error.operation).toBe(operation);
  expect(typeof error.storeName).toBe("string");
  expect(error.storeName.length).toBeGreaterThan(0);
  expect(error.cause, "the driver's error is kept as cause").toBeDefined();
  expect(error.cause).not.toBeNull();
}
