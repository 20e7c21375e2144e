import { get as httpsGet } from "node:https";
import type { BindingCase } from "../case.js";
import { parseSetCookie } from "../client.js";
import { openContext } from "../context.js";
import { TEST_TLS } from "../tls-fixture.js";
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
      const { client } = await openContext(harness, {}, undefined, { trustProxy: true });
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
    id: "binding/cookie-secure-untrusted-proxy",
    async run({ harness, expect }) {
      // Anyone can send X-Forwarded-Proto: without a trusted proxy it must not count as HTTPS
      // (secure: "auto" would then set Secure on a plain-http cookie the browser drops).
      const { client } = await openContext(harness, {}, undefined, { trustProxy: false });
      const spoofed = await client.get("/session/set?key=a&value=1", {
        headers: { "x-forwarded-proto": "https" },
        jar: false,
      });
      expect(spoofed.status).toBe(200);
      expect(cookieNamed(spoofed).attributes.has("secure")).toBe(false);
    },
  },
  {
    id: "binding/cookie-secure-direct-tls",
    async run({ harness, expect }) {
      // HTTPS on the socket itself, no proxy: Secure, whatever the trust-proxy setting.
      const { client } = await openContext(harness, {}, undefined, {
        trustProxy: false,
        tls: true,
      });
      expect(client.baseUrl.startsWith("https://")).toBe(true);
      const setCookies = await httpsSetCookies(`${client.baseUrl}/session/set?key=a&value=1`);
      const sid = setCookies.map(parseSetCookie).filter((cookie) => cookie.name === "sid");
      expect(sid).toHaveLength(1);
      expect(sid[0]?.attributes.get("secure")).toBe(true);
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

/** One GET over HTTPS trusting only the suite's test certificate; its Set-Cookie headers. */
function httpsSetCookies(url: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(url, { ca: TEST_TLS.cert }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.headers["set-cookie"] ?? []));
    });
    request.on("error", reject);
  });
}
