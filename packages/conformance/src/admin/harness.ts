import type {
  AuthorizeResult,
  SessionManager,
  SessionOptions,
  SessionStore,
} from "@sessionkit/core";

/**
 * What a binding's test gives the admin suite: an app on a real HTTP port with
 * - the binding's `session()` with `options` (they carry `tenant`),
 * - `POST /sign-in?user=NAME` binding the user (regenerates), answering 204,
 * - `POST /note?text=…` writing `data.note`, answering 204,
 * - `GET /me` answering JSON `{ "userId": string | null }`,
 * - the admin router at `/admin/sessions` with `authorize` as given,
 * - the devices router at `/account/devices`.
 */
export interface AdminHarness {
  /** A fresh persistent store for one test, and how to release it. */
  openStore(): Promise<{ store: SessionStore; close(): Promise<void> }>;
  serve(setup: {
    options: SessionOptions;
    authorize(header: (name: string) => string | undefined): AuthorizeResult;
  }): Promise<{ url: string; manager: SessionManager; close(): Promise<void> }>;
  /** Calls the binding's admin router factory with `options` as given (for the missing-authorize check). */
  createAdminRouter(options: unknown): unknown;
}
