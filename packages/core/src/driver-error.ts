/**
 * What a store error may say about the driver's error. A driver's message can carry session
 * data: knex puts the statement with its bound values into the message for `?` dialects
 * (SQLite, MySQL), mysql2 adds the formatted `sql`, PostgreSQL's `detail` repeats key values,
 * MongoDB write errors can hold the document. None of that may reach a log line or, through
 * Express's development error page, a client. So a `SessionStoreError` is described from the
 * driver error's identifying fields only (name, code, errno, SQLSTATE, the network address of
 * a connection error, a Redis reply's leading error word), and its `cause` is a copy of the
 * driver's error holding just those fields: the same class (`instanceof` still works), but no
 * message text, statement, bindings or document.
 */

/** Fields that identify an error without quoting any value the application wrote. */
const SAFE_FIELDS = [
  "code",
  "errno",
  "sqlState",
  "codeName",
  "syscall",
  "address",
  "port",
  "severity",
  "routine",
  "constraint",
  "table",
  "column",
] as const;

/** One line about `error` with no value from a statement or a document in it. */
export function describeDriverError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const parts: string[] = [];
  if (error.name && error.name !== "Error") parts.push(error.name);
  const fields = error as unknown as Record<string, unknown>;
  for (const field of ["code", "codeName", "sqlState", "errno"] as const) {
    const value = fields[field];
    if ((typeof value === "string" || typeof value === "number") && !parts.includes(`${value}`)) {
      parts.push(`${field === "code" || field === "codeName" ? "" : `${field} `}${value}`);
    }
  }
  // A Redis error reply starts with its kind: NOSCRIPT, READONLY, MOVED, CLUSTERDOWN, OOM…
  const replyKind = /^([A-Z][A-Z_]{1,31})\b/.exec(error.message)?.[1];
  if (replyKind && !parts.includes(replyKind)) parts.push(replyKind);
  if (typeof fields.syscall === "string" && typeof fields.address === "string") {
    const port = typeof fields.port === "number" ? `:${fields.port}` : "";
    parts.push(`(${fields.syscall} ${fields.address}${port})`);
  }
  return parts.length > 0 ? parts.join(" ") : "Error";
}

/**
 * A copy of the driver's error that keeps its class and identifying fields and drops the rest:
 * the message becomes `describeDriverError`'s line, the stack is this copy's own.
 */
export function sanitizedDriverError(error: unknown): Error {
  const summary = describeDriverError(error);
  if (!(error instanceof Error)) return new Error(summary);
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  const fields = error as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) {
    const value = fields[field];
    if (typeof value === "string" || typeof value === "number") {
      Object.defineProperty(copy, field, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  Object.defineProperty(copy, "name", { value: error.name, writable: true, configurable: true });
  Object.defineProperty(copy, "message", { value: summary, writable: true, configurable: true });
  const frames = new Error().stack?.split("\n").slice(1).join("\n") ?? "";
  Object.defineProperty(copy, "stack", {
    value: `${error.name}: ${summary}\n${frames}`,
    writable: true,
    configurable: true,
  });
  return copy;
}
