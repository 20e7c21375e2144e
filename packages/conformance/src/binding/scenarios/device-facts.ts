import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { viewOf } from "./support.js";

const MINUTE = 60_000;

/** Headers of a request from a given browser, behind the suite's trusted proxy at `ip`. */
function from(userAgent: string, ip: string) {
  return { headers: { "user-agent": userAgent, "x-forwarded-for": ip } };
}

export const deviceFactsCases: readonly BindingCase[] = [
  {
    id: "binding/device-facts-ride-on-writes",
    async run({ harness, expect }) {
      const { client, store, clock, base } = await openContext(harness, {
        idleTimeout: 30 * MINUTE,
        touchAfter: MINUTE,
      });
      const { id } = viewOf(
        await client.get("/session/set?key=a&value=1", from("Agent/1", "203.0.113.1")),
      );
      const created = await base.get(id);
      expect(created?.meta.userAgent).toBe("Agent/1");
      // A binding that knows the client address records it; a bare fetch handler may not.
      const recordsIp = created?.meta.ip !== undefined;
      if (recordsIp) expect(created?.meta.ip).toBe("203.0.113.1");

      // New facts on a request that neither writes nor touches: no store call of their own.
      store.reset();
      await client.get("/session", from("Agent/2", "203.0.113.2"));
      expect(store.writes()).toBe(0);
      expect((await base.get(id))?.meta.userAgent).toBe("Agent/1");

      // A write carries them: still exactly one store call.
      store.reset();
      await client.get("/session/set?key=b&value=2", from("Agent/2", "203.0.113.2"));
      expect(store.writes()).toBe(1);
      const written = await base.get(id);
      expect(written?.meta.userAgent).toBe("Agent/2");
      if (recordsIp) expect(written?.meta.ip).toBe("203.0.113.2");
      expect(written?.data).toEqual({ a: "1", b: "2" });

      // So does the rolling touch once the window has passed: one call, the data untouched.
      store.reset();
      clock.advance(MINUTE + 1);
      await client.get("/session", from("Agent/3", "203.0.113.3"));
      expect(store.writes()).toBe(1);
      const touched = await base.get(id);
      expect(touched?.meta.userAgent).toBe("Agent/3");
      if (recordsIp) expect(touched?.meta.ip).toBe("203.0.113.3");
      expect(touched?.data).toEqual({ a: "1", b: "2" });
      expect(touched?.expiresAt).toBeGreaterThan(written?.expiresAt ?? Number.POSITIVE_INFINITY);
    },
  },
];
