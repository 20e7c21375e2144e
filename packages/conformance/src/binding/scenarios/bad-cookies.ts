import type { BindingCase, BindingCaseContext } from "../case.js";
import { openContext } from "../context.js";
import { cookieNamed, tokenPart, viewOf } from "./support.js";

/**
 * Presents `forge(validCookieValue)` as the cookie and expects a fresh session, status 200, no
 * store call, and the real session left as it was.
 */
async function rejects(
  { harness, expect }: BindingCaseContext,
  forge: (value: string) => string,
): Promise<void> {
  const { client, store, base } = await openContext(harness);
  const written = await client.get("/session/set?key=a&value=1");
  const valid = cookieNamed(written).value;
  const { id } = viewOf(written);
  store.reset();
  // Outside the jar: the reply clears the forged cookie (see dead-cookie.ts), not the real one.
  const response = await client.get("/session", {
    headers: { cookie: `sid=${forge(valid)}` },
    jar: false,
  });
  expect(response.status).toBe(200);
  const view = viewOf(response);
  expect(view.isNew).toBe(true);
  expect(view.data).toEqual({});
  expect(view.id).not.toBe(id);
  expect(store.count()).toBe(0);
  // Nothing was reset: the real session is intact and still works.
  expect((await base.get(id))?.data).toEqual({ a: "1" });
  expect(viewOf(await client.get("/session")).data).toEqual({ a: "1" });
}

function flipLast(value: string): string {
  const last = value.at(-1);
  return value.slice(0, -1) + (last === "A" ? "B" : "A");
}

export const badCookieCases: readonly BindingCase[] = [
  { id: "binding/tampered-cookie", run: (context) => rejects(context, flipLast) },
  {
    id: "binding/garbage-cookie",
    run: (context) => rejects(context, () => "%%%not-a-token..\u00e9"),
  },
  {
    id: "binding/oversized-cookie",
    run: (context) => rejects(context, (value) => value + "x".repeat(8 * 1024)),
  },
  { id: "binding/unsigned-cookie", run: (context) => rejects(context, tokenPart) },
  {
    id: "binding/unknown-token-not-adopted",
    async run({ harness, expect }) {
      const { client, base } = await openContext(harness);
      const written = await client.get("/session/set?key=a&value=1");
      const old = cookieNamed(written).value;
      await base.destroy(viewOf(written).id);
      const fresh = await client.get("/session/set?key=b&value=2");
      const view = viewOf(fresh);
      expect(view.isNew).toBe(true);
      expect(view.data).toEqual({ b: "2" });
      // A validly signed token the store does not know is never adopted (session fixation).
      expect(tokenPart(cookieNamed(fresh).value)).not.toBe(tokenPart(old));
    },
  },
];
