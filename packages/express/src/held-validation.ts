import { validateHeaderName, validateHeaderValue } from "node:http";
import { Writable } from "node:stream";
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
 * Node thrown inside the handler. `statusMessage` is `res.statusMessage` as the replay will
 * find it.
 */
export function refusalOf(
  queue: readonly HeldCall[],
  statusAtStart: number,
  statusMessage: unknown,
): Error | undefined {
  try {
    checkStatus(statusOf(queue, statusAtStart));
    queue.forEach(([method, args], index) => {
      if (method === "writeHead") {
        // Whatever came first (`writeHead`, `write`, `end`, `flushHeaders`) fixed the head.
        if (index > 0)
          throw nodeError(
            Error,
            "Cannot write headers after they are sent to the client",
            "ERR_HTTP_HEADERS_SENT",
          );
        checkReason(typeof args[1] === "string" ? args[1] : statusMessage);
        checkHeaders(args.slice(1));
      } else if (method === "write" || method === "end") {
        if (index === 0) checkReason(statusMessage);
        checkChunk(args[0], method === "end");
        checkEncoding(args[0], args[1]);
      } else if (index === 0) {
        checkReason(statusMessage);
      }
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function nodeError(Kind: new (message: string) => Error, message: string, code: string): Error {
  return Object.assign(new Kind(message), { code });
}

function checkStatus(status: unknown): void {
  if (typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 999) {
    return;
  }
  throw nodeError(
    RangeError,
    `Invalid status code: ${String(status)}`,
    "ERR_HTTP_INVALID_STATUS_CODE",
  );
}

/** Node sends the reason phrase on the status line and refuses one it would have to escape. */
function checkReason(reason: unknown): void {
  if (typeof reason === "string" && reason !== "") validateHeaderValue("statusMessage", reason);
}

/** `writeHead(status, [message], headers)`: an object, a flat raw array, or [name, value] pairs. */
function checkHeaders(rest: unknown[]): void {
  const headers = rest[rest.length - 1];
  if (typeof headers !== "object" || headers === null) return;
  if (Array.isArray(headers) && !Array.isArray(headers[0]) && headers.length % 2 !== 0) {
    throw nodeError(
      TypeError,
      "The argument 'headers' must have an even length",
      "ERR_INVALID_ARG_VALUE",
    );
  }
  for (const [name, value] of headerEntries(headers)) {
    validateHeaderName(name as string);
    // Strings, numbers and arrays of them; `undefined` and what cannot be sent are refused.
    validateHeaderValue(name as string, value as string);
  }
}

/**
 * The headers `writeHead` will set, as Node reads each form: an object's own keys, a flat raw
 * array's name/value pairs, or an array of `[name, value]` pairs. Names are left as given, so
 * an empty or missing one is refused as Node refuses it (a pair that is not an array has
 * neither).
 */
export function headerEntries(headers: object): Array<[unknown, unknown]> {
  if (!Array.isArray(headers)) return Object.entries(headers);
  if (headers.length > 0 && Array.isArray(headers[0])) {
    return (headers as unknown[]).map((pair) =>
      Array.isArray(pair) ? [pair[0], pair[1]] : [undefined, undefined],
    );
  }
  const entries: Array<[unknown, unknown]> = [];
  for (let i = 0; i + 1 < headers.length; i += 2) entries.push([headers[i], headers[i + 1]]);
  return entries;
}

/**
 * Whether a socket takes a string chunk with the encoding name "buffer". Node 20 does; Node 24
 * throws ERR_UNKNOWN_ENCODING, so the answer is asked of the running Node (a stream built like a
 * socket, which does not decode strings) rather than written down.
 */
const STREAMS_TAKE_BUFFER_NAME = (() => {
  const probe = new Writable({ decodeStrings: false, write: (_chunk, _encoding, done) => done() });
  try {
    probe.write("x", "buffer" as BufferEncoding);
    return true;
  } catch {
    return false;
  } finally {
    probe.destroy();
  }
})();

/** A string chunk in an encoding Node does not know throws once the head is on the wire. */
function checkEncoding(chunk: unknown, encoding: unknown): void {
  if (typeof chunk !== "string" || typeof encoding !== "string") return;
  // Node's streams take "" as the default (and, on some versions, "buffer").
  const known =
    encoding === "" ||
    Buffer.isEncoding(encoding) ||
    (encoding === "buffer" && STREAMS_TAKE_BUFFER_NAME);
  if (!known) {
    throw nodeError(TypeError, `Unknown encoding: ${encoding}`, "ERR_UNKNOWN_ENCODING");
  }
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
