import { validateHeaderValue } from "node:http";

/**
 * The error Node will throw when Koa sends this response's status line, or undefined. Koa
 * passes `ctx.message` to `res.statusMessage` unchecked, and Node refuses a reason phrase it
 * would have to escape (a line break, a character outside Latin-1) only when Koa responds,
 * after the commit. Found here, the request fails like any other error: nothing is persisted
 * and Koa answers 500, as Express does for the same reason phrase.
 */
export function refusalOfAnswer(ctx: { readonly message?: unknown }): Error | undefined {
  const reason = ctx.message;
  if (typeof reason !== "string" || reason === "") return undefined;
  try {
    validateHeaderValue("statusMessage", reason);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
