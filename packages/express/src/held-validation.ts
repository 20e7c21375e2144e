import { validateHeaderName, validateHeaderValue } from "node:http";
import type { HeldCall } from "./defer-end.js";

/**
 * The status a held response will go out with: a held `writeHead(status)` sets it, otherwise
 * the one the app had set when it started answering.
 */
export function statusOf(queue: readonly HeldCall[], statusAtStart: number): number {
  const [first] = queue;
  if (first?.[0] === "writeHead" && typeof first[1][0] === "number") return first[1][0];
  return statusAtStart;
}

/**
 * The error Node would throw on replaying `queue`, or undefined. Node validates these only when
 * the call reaches it, which for a held response is after the commit; checking them first lets
 * the request fail before anything is persisted, and Express answer 500 as it would have had
 * Node thrown inside the handler.
 */
export function refusalOf(queue: readonly HeldCall[], statusAtStart: number): Error | undefined {
  try {
    checkStatus(statusOf(queue, statusAtStart));
    for (const [method, args] of queue) {
      if (method === "writeHead") checkHeaders(args.slice(1));
      else if (method === "write") checkChunk(args[0], false);
      else if (method === "end") checkChunk(args[0], true);
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function checkStatus(status: unknown): void {
  if (typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 999) {
    return;
  }
  throw Object.assign(new RangeError(`Invalid status code: ${String(status)}`), {
    code: "ERR_HTTP_INVALID_STATUS_CODE",
  });
}

/** `writeHead(status, [message], headers)`: an object, a flat raw array, or [name, value] pairs. */
function checkHeaders(rest: unknown[]): void {
  const headers = rest[rest.length - 1];
  if (typeof headers !== "object" || headers === null) return;
  for (const [name, value] of headerEntries(headers)) {
    validateHeaderName(name);
    // Node accepts strings, numbers and arrays of them, and rejects what it cannot send.
    if (value !== undefined) validateHeaderValue(name, value as string);
  }
}

export function headerEntries(headers: object): Array<[string, unknown]> {
  if (!Array.isArray(headers)) return Object.entries(headers);
  if (headers.length > 0 && Array.isArray(headers[0])) {
    return (headers as unknown[][]).map(([name, value]) => [String(name), value]);
  }
  const entries: Array<[string, unknown]> = [];
  for (let i = 0; i + 1 < headers.length; i += 2)
    entries.push([String(headers[i]), headers[i + 1]]);
  return entries;
}

function checkChunk(chunk: unknown, isEnd: boolean): void {
  if (typeof chunk === "string" || chunk instanceof Uint8Array) return;
  // `end()`, `end(callback)` and `end(null)` carry no chunk.
  if (isEnd && (chunk === undefined || chunk === null || typeof chunk === "function")) return;
  throw Object.assign(
    new TypeError(
      `The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ${typeof chunk}`,
    ),
    { code: "ERR_INVALID_ARG_TYPE" },
  );
}
