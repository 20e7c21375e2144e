import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { cookieNamed, viewOf } from "./support.js";

const MINUTE = 60_000;
const IDLE = 30 * MINUTE;

export const rollingCases: readonly BindingCase[] = [
  {
    id: "binding/untouched-in-window",
    async run({ harness, expect }) {
      const { client, store, clock } = await openContext(harness, {
        idleTimeout: IDLE,
        touchAfter: MINUTE,
      });
      await client.get("/session/set?key=a&value=1");
      store.reset();
      clock.advance(MINUTE / 2);
      const response = await client.get("/session");
      expect(viewOf(response).data).toEqual({ a: "1" });
      expect(store.count("get")).toBe(1);
      expect(store.writes()).toBe(0);
      expect(response.setCookies).toEqual([]);
    },
  },
  {
    id: "binding/rolling-touch",
    async run({ harness, expect }) {
      const { client, store, clock, base } = await openContext(harness, {
        idleTimeout: IDLE,
        touchAfter: MINUTE,
      });
      const { id } = viewOf(await client.get("/session/set?key=a&value=1"));
      const before = await base.get(id);
      store.reset();
      clock.advance(MINUTE + 1);
      const response = await client.get("/session");
      expect(store.count("touch")).toBe(1);
      expect(store.count("set")).toBe(0);
      // Max-Age counts from now, so a full idle period again: the expiry moved with the clock.
      expect(cookieNamed(response).attributes.get("max-age")).toBe(String(IDLE / 1000));
      const after = await base.get(id);
      expect(after?.expiresAt).toBe((before?.expiresAt ?? 0) + MINUTE + 1);
      expect(after?.data).toEqual({ a: "1" });
      // The next request is inside the new window again.
      store.reset();
      const next = await client.get("/session");
      expect(store.count("touch")).toBe(0);
      expect(next.setCookies).toEqual([]);
    },
  },
  {
    id: "binding/rolling-off",
    async run({ harness, expect }) {
      const { client, store, clock } = await openContext(harness, {
        idleTimeout: IDLE,
        touchAfter: MINUTE,
        rolling: false,
      });
      await client.get("/session/set?key=a&value=1");
      store.reset();
      clock.advance(10 * MINUTE);
      const response = await client.get("/session");
      expect(viewOf(response).data).toEqual({ a: "1" });
      expect(store.writes()).toBe(0);
      expect(response.setCookies).toEqual([]);
    },
  },
  {
    id: "binding/touch-requested",
    async run({ harness, expect }) {
      const { client, store, clock, base } = await openContext(harness, {
        idleTimeout: IDLE,
        touchAfter: 10 * MINUTE,
      });
      const { id } = viewOf(await client.get("/session/set?key=a&value=1"));
      const before = await base.get(id);
      store.reset();
      clock.advance(MINUTE);
      const response = await client.get("/session/touch");
      expect(store.count("touch")).toBe(1);
      expect(cookieNamed(response).attributes.get("max-age")).toBe(String(IDLE / 1000));
      expect((await base.get(id))?.expiresAt).toBe((before?.expiresAt ?? 0) + MINUTE);
    },
  },
];
