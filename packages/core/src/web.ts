import { type CommitResult, DeferredSessionInput, type SessionInput } from "./io.js";
import type { SessionManager } from "./manager.js";
import type { Session } from "./session.js";

/** How a Web `Request` maps onto the session input, where the URL alone cannot tell. */
export interface WebRequestOptions {
  /** Client address (Hono `getConnInfo`, Bun `server.requestIP`, Deno `info.remoteAddr`). */
  ip?: string | undefined;
  /**
   * Whether the connection is HTTPS. Defaults to the URL scheme; behind a TLS-terminating
   * proxy pass your platform's trusted decision here (never a raw `X-Forwarded-Proto`).
   */
  secure?: boolean | undefined;
}

/** The session input of a Web `Request`: its headers, and HTTPS from its URL scheme. */
export function requestInput(request: Request, options: WebRequestOptions = {}): SessionInput {
  return new WebInput(request, options);
}

class WebInput extends DeferredSessionInput {
  readonly #request: Request;
  readonly #options: WebRequestOptions;

  constructor(request: Request, options: WebRequestOptions) {
    super();
    this.#request = request;
    this.#options = options;
  }

  header(name: string): string | undefined {
    return this.#request.headers.get(name) ?? undefined;
  }

  // The URL is parsed only when a cookie is sent.
  protected readSecure(): boolean {
    return this.#options.secure ?? new URL(this.#request.url).protocol === "https:";
  }

  protected readIp(): string | undefined {
    return this.#options.ip;
  }
}

/**
 * Loads the session of a Web `Request` (Hono, Bun, Deno, any fetch handler): one store read
 * when it carries a validly signed token, none otherwise.
 *
 * @throws SessionStoreError when the store fails or does not answer within `storeTimeout`.
 * @example
 * const session = await loadFromRequest(sessions, request);
 * session.data.visits = (session.data.visits ?? 0) + 1;
 * return applyCommit(await sessions.commit(session), Response.json(session.data));
 */
export function loadFromRequest<D>(
  manager: SessionManager<D>,
  request: Request,
  options: WebRequestOptions = {},
): Promise<Session<D>> {
  return manager.load(requestInput(request, options));
}

/**
 * Appends the headers of a commit (`Set-Cookie`, or the header transport's token) to a
 * response or a `Headers`. Returns the target, or, for a `Response` whose headers are
 * immutable (`Response.redirect()`, a `fetch()` result), a copy with the headers added:
 * always send the returned value.
 */
export function applyCommit<T extends Response | Headers>(result: CommitResult, target: T): T {
  if (result.headers.length === 0) return target;
  if (target instanceof Headers) {
    appendAll(result, target);
    return target;
  }
  try {
    appendAll(result, target.headers);
    return target;
  } catch (error) {
    // Immutable headers throw a TypeError; anything else is a real failure.
    if (!(error instanceof TypeError)) throw error;
    const copy = new Response(target.body, target);
    appendAll(result, copy.headers);
    return copy as T;
  }
}

function appendAll(result: CommitResult, headers: Headers): void {
  for (const [name, value] of result.headers) headers.append(name, value);
}
