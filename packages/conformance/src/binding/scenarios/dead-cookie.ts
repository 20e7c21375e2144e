import type { BindingCase, BindingCaseContext } from "../case.js";
import type { ClientResponse } from "../client.js";
import { openContext } from "../context.js";
import { cookieNamed, viewOf } from "./support.js";

const MINUTE = 60_000;
/** A Domain the issuing and the clearing cookie must both carry (browsers match on it). */
const DOMAIN = "example.test";

/** The reply tells the browser to drop `sid`, with the Path and Domain it was set with. */
function expectCleared(expect: BindingCaseContext["expect"], response: ClientResponse): void {
  expect(response.status).toBe(200);
  const cleared = cookieNamed(response);
  expect(cleared.value).toBe("");
  expect(cleared.attributes.get("max-age")).toBe("0");
  expect(cleared.attributes.get("path")).toBe("/");
  expect(cleared.attributes.get("domain")).toBe(DOMAIN);
  expect(viewOf(response).isNew).toBe(true);
}

/**
 * A cookie that can never load a session again is cleared in the reply, so the client stops
 * sending it (and paying a store read for it) on every request until its Max-Age. A cookie a
 * regeneration replaced is the exception: the browser already holds the new one, which a
 * clearing reply with the same name, Path and Domain would delete.
 */
export const deadCookieCases: readonly BindingCase[] = [
  {
    id: "binding/dead-cookie-bad-signature",
    async run({ harness, expect }) {
      const { client, store } = await openContext(harness, { cookie: { domain: DOMAIN } });
      const written = await client.get("/session/set?key=a&value=1");
      const valid = cookieNamed(written).value;
      expect(cookieNamed(written).attributes.get("domain")).toBe(DOMAIN);
      const tampered = valid.slice(0, -1) + (valid.endsWith("A") ? "B" : "A");
      store.reset();
      const response = await client.get("/session", {
        headers: { cookie: `sid=${tampered}` },
        jar: false,
      });
      expectCleared(expect, response);
      expect(store.count()).toBe(0);
    },
  },
  {
    id: "binding/dead-cookie-revoked",
    async run({ harness, expect }) {
      const { client, store, base } = await openContext(harness, { cookie: { domain: DOMAIN } });
      const { id } = viewOf(await client.get("/session/set?key=a&value=1"));
      await base.destroy(id);
      store.reset();
      expectCleared(expect, await client.get("/session"));
      expect(store.calls.map((call) => call.operation)).toEqual(["get"]);
      // The client dropped it: the next request sends no cookie and costs no store call.
      expect(client.cookies.has("sid")).toBe(false);
      store.reset();
      const next = await client.get("/session");
      expect(next.setCookies).toEqual([]);
      expect(store.count()).toBe(0);
    },
  },
  {
    id: "binding/dead-cookie-expired",
    async run({ harness, expect }) {
      const { client, clock } = await openContext(harness, {
        cookie: { domain: DOMAIN },
        idleTimeout: 5 * MINUTE,
        touchAfter: MINUTE,
      });
      await client.get("/session/set?key=a&value=1");
      clock.advance(6 * MINUTE);
      expectCleared(expect, await client.get("/session"));
    },
  },
  {
    id: "binding/replaced-cookie-kept",
    async run({ harness, expect }) {
      const { client } = await openContext(harness, { cookie: { domain: DOMAIN } });
      await client.get("/session/set?key=cart&value=3");
      const otherTab = client.fork();
      const login = await client.get("/session/login?user=u1");
      const fresh = cookieNamed(login).value;
      // The other tab still sends the old cookie: reading or writing, its replies leave the
      // browser's cookie alone.
      for (const path of ["/session", "/session/set?key=late&value=1"]) {
        const stale = await otherTab.get(path);
        expect(stale.status).toBe(200);
        expect(stale.setCookies).toEqual([]);
        expect(viewOf(stale).userId).toBeNull();
      }
      const after = await client.get("/session");
      expect(client.cookies.get("sid")).toBe(fresh);
      expect(viewOf(after).userId).toBe("u1");
      expect(viewOf(after).data).toEqual({ cart: "3" });
    },
  },
];
