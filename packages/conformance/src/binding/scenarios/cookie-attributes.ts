import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { cookieNamed, SIGNED_TOKEN, viewOf } from "./support.js";

export const cookieAttributeCases: readonly BindingCase[] = [
  {
    id: "binding/write-sets-signed-cookie",
    async run({ harness, expect }) {
      const { client, store, base } = await openContext(harness);
      const response = await client.get("/session/set?key=a&value=1");
      const cookie = cookieNamed(response);
      expect(cookie.value).toMatch(SIGNED_TOKEN);
      expect(cookie.attributes.get("httponly")).toBe(true);
      expect(String(cookie.attributes.get("samesite")).toLowerCase()).toBe("lax");
      expect(cookie.attributes.get("path")).toBe("/");
      // Default idle timeout: 24 hours, and the fake clock has not moved.
      expect(cookie.attributes.get("max-age")).toBe(String(24 * 60 * 60));
      expect(cookie.attributes.has("secure")).toBe(false);
      expect(cookie.attributes.has("domain")).toBe(false);
      expect(store.count("set")).toBe(1);
      const { id } = viewOf(response);
      const record = await base.get(id);
      expect(record?.data).toEqual({ a: "1" });
      // The store key is a hash of the token, never the token the client holds.
      expect(cookie.value.startsWith(id)).toBe(false);
    },
  },
  {
    id: "binding/cookie-secure-option",
    async run({ harness, expect }) {
      const { client } = await openContext(harness, { cookie: { secure: true } });
      const cookie = cookieNamed(await client.get("/session/set?key=a&value=1"));
      expect(cookie.attributes.get("secure")).toBe(true);
    },
  },
  {
    id: "binding/cookie-secure-trusted-proxy",
    async run({ harness, expect }) {
      const { client } = await openContext(harness);
      const proxied = await client.get("/session/set?key=a&value=1", {
        headers: { "x-forwarded-proto": "https" },
        jar: false,
      });
      expect(cookieNamed(proxied).attributes.get("secure")).toBe(true);
      const direct = await client.get("/session/set?key=a&value=1", { jar: false });
      expect(cookieNamed(direct).attributes.has("secure")).toBe(false);
    },
  },
  {
    id: "binding/cookie-secure-production",
    async run({ harness, expect }) {
      // The production flag is read once, when the middleware is built; restore it right after.
      const previous = process.env.NODE_ENV;
      process.env.NODE_ENV = "production";
      let context: Awaited<ReturnType<typeof openContext>>;
      try {
        context = await openContext(harness, { cookie: { secure: "auto" } });
      } finally {
        if (previous === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = previous;
      }
      const cookie = cookieNamed(await context.client.get("/session/set?key=a&value=1"));
      expect(cookie.attributes.get("secure")).toBe(true);
    },
  },
  {
    id: "binding/cookie-host-prefix",
    async run({ harness, expect }) {
      const { client } = await openContext(harness, { cookie: { name: "__Host-sid" } });
      const cookie = cookieNamed(await client.get("/session/set?key=a&value=1"), "__Host-sid");
      expect(cookie.attributes.get("secure")).toBe(true);
      expect(cookie.attributes.get("path")).toBe("/");
      expect(cookie.attributes.has("domain")).toBe(false);
      const view = viewOf(await client.get("/session"));
      expect(view.isNew).toBe(false);
      expect(view.data).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/cookie-domain-partitioned",
    async run({ harness, expect }) {
      const { client } = await openContext(harness, {
        cookie: { domain: "example.test", partitioned: true, sameSite: "none" },
      });
      const cookie = cookieNamed(await client.get("/session/set?key=a&value=1"));
      expect(cookie.attributes.get("domain")).toBe("example.test");
      expect(cookie.attributes.get("partitioned")).toBe(true);
      expect(cookie.attributes.get("secure")).toBe(true);
      expect(String(cookie.attributes.get("samesite")).toLowerCase()).toBe("none");
    },
  },
];
