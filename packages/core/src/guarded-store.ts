import { describeDriverError, sanitizedDriverError } from "./driver-error.js";
import { isSessionError, SessionConfigError, SessionStoreError } from "./errors.js";
import type { SessionListPage, SessionListQuery, SessionStore, StoreOperation } from "./store.js";
import type { SessionRecord } from "./types.js";

/**
 * The store as the manager uses it: every call is bounded by `timeout` and every failure is a
 * `SessionStoreError`, so a hanging or throwing store reaches the framework's error path
 * promptly instead of hanging the request or yielding an empty session.
 */
export class GuardedStore {
  readonly #store: SessionStore;
  readonly #timeout: number;
  readonly #name: string;

  constructor(store: SessionStore, timeout: number) {
    this.#store = store;
    this.#timeout = timeout;
    this.#name = store.name ?? store.constructor?.name ?? "store";
  }

  get(id: string): Promise<SessionRecord | null> {
    return this.#call("get", () => this.#store.get(id));
  }

  set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    return this.#call("set", () => this.#store.set(record, expectedVersion));
  }

  touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    return this.#call("touch", () => this.#store.touch(id, expiresAt, lastActiveAt));
  }

  destroy(id: string): Promise<void> {
    return this.#call("destroy", () => this.#store.destroy(id));
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const store = this.#store;
    if (!store.listByUser) throw this.#unsupported("listByUser");
    return this.#call("listByUser", () => store.listByUser!(userId));
  }

  async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    const store = this.#store;
    if (!store.destroyByUser) throw this.#unsupported("destroyByUser");
    return this.#call("destroyByUser", () => store.destroyByUser!(userId, exceptId));
  }

  async listSessions(query: SessionListQuery): Promise<SessionListPage> {
    const store = this.#store;
    if (!store.listSessions) throw this.#unsupported("listSessions");
    return this.#call("listSessions", () => store.listSessions!(query));
  }

  /** Whether the store can delete a tenant's sessions itself (else the manager pages). */
  get destroysByTenant(): boolean {
    return typeof this.#store.destroyByTenant === "function";
  }

  async destroyByTenant(tenantId: string): Promise<number> {
    const store = this.#store;
    if (!store.destroyByTenant) throw this.#unsupported("destroyByTenant");
    return this.#call("destroyByTenant", () => store.destroyByTenant!(tenantId));
  }

  async cleanup(): Promise<number> {
    const store = this.#store;
    if (!store.cleanup) throw this.#unsupported("cleanup");
    return this.#call("cleanup", () => store.cleanup!());
  }

  #unsupported(operation: StoreOperation): SessionConfigError {
    return new SessionConfigError("store", `${this.#name} does not implement ${operation}()`);
  }

  async #call<T>(operation: StoreOperation, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new SessionStoreError(this.#name, operation, `no answer within ${this.#timeout} ms`),
        );
      }, this.#timeout);
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve().then(run), timeout]);
    } catch (error) {
      if (isSessionError(error)) throw error;
      throw new SessionStoreError(this.#name, operation, describeDriverError(error), {
        cause: sanitizedDriverError(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
