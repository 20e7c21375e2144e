import type { Context } from "koa";

/**
 * Reads an `application/x-www-form-urlencoded` body, up to `limit` bytes (413 beyond), without
 * a body-parser dependency. Anything else reads as an empty form.
 */
export async function readForm(ctx: Context, limit = 4096): Promise<URLSearchParams> {
  if (!ctx.is("application/x-www-form-urlencoded")) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) ctx.throw(413, "The form is too large.");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
