import { createHarness, issuedToken, MINUTE, setCookie, signedInSession } from "./harness.js";
import type { LifecycleCase } from "./register.js";

export const expiryCases: readonly LifecycleCase[] = [
  {
    id: "lifecycle/unmodified-no-write",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h);
      for (let i = 0; i < 5; i++) {
        h.clock.advance(MINUTE / 10);
        h.store.reset();
        const session = await h.manager.load(h.request(token));
        session.data.n; // read only
        const result = await h.manager.commit(session);
        expect(result.headers).toEqual([]);
        expect(h.store.writes()).toBe(0);
        expect(h.store.count("get")).toBe(1);
      }
    },
  },
  {
    id: "lifecycle/rolling-once-per-window",
    async run({ store, expect }) {
      const h = createHarness(store, { rolling: true, touchAfter: MINUTE });
      const token = await signedInSession(h);
      const first = await h.manager.load(h.request(token));
      const firstExpiry = first.expiresAt;
      await h.manager.commit(first);

      h.clock.advance(MINUTE);
      h.store.reset();
      const due = await h.manager.load(h.request(token));
      const result = await h.manager.commit(due);
      expect(h.store.count("touch")).toBe(1);
      expect(h.store.writes()).toBe(1);
      expect(setCookie(result)).toMatch(/Max-Age=1800/);
      expect(due.expiresAt).toBe(firstExpiry + MINUTE);

      for (const step of [1, MINUTE / 2, MINUTE / 2 - 2]) {
        h.clock.advance(step);
        h.store.reset();
        const inside = await h.manager.load(h.request(token));
        expect((await h.manager.commit(inside)).headers).toEqual([]);
        expect(h.store.writes()).toBe(0);
      }
      const stored = await h.manager.load(h.request(token));
      expect(stored.expiresAt).toBe(firstExpiry + MINUTE);
    },
  },
  {
    id: "lifecycle/idle-timeout",
    async run({ store, expect }) {
      const events: string[] = [];
      const h = createHarness(store, { onEvent: (event) => events.push(event.type) });
      const token = await signedInSession(h);
      h.clock.advance(30 * MINUTE);
      const session = await h.manager.load(h.request(token));
      expect(session.isNew).toBe(true);
      expect(session.data).toEqual({});
      expect(events).toContain("expired");
    },
  },
  {
    id: "lifecycle/absolute-timeout",
    async run({ store, expect }) {
      const h = createHarness(store, { absoluteTimeout: 60 * MINUTE, idleTimeout: 30 * MINUTE });
      const token = await signedInSession(h);
      // Active every 10 minutes: the idle timeout alone would keep it alive forever.
      for (let elapsed = 10; elapsed < 60; elapsed += 10) {
        h.clock.advance(10 * MINUTE);
        const session = await h.manager.load(h.request(token));
        expect(session.isNew).toBe(false);
        expect(session.expiresAt).toBeLessThanOrEqual(session.createdAt + 60 * MINUTE);
        session.data.seen = elapsed;
        await h.manager.commit(session);
      }
      h.clock.advance(10 * MINUTE);
      const ended = await h.manager.load(h.request(token));
      expect(ended.isNew).toBe(true);
      expect(ended.data).toEqual({});
    },
  },
  {
    id: "lifecycle/no-resurrection-after-touch",
    async run({ store, expect }) {
      const h = createHarness(store, { rolling: true, touchAfter: MINUTE });
      const token = await signedInSession(h);
      h.clock.advance(MINUTE);
      const slow = await h.manager.load(h.request(token));
      const logout = await h.manager.load(h.request(token));
      logout.destroy();
      await h.manager.commit(logout);
      const result = await h.manager.commit(slow);
      expect(issuedToken(result)).toBeUndefined();
      expect(setCookie(result)).toMatch(/Max-Age=0/);
      expect(await store.get(slow.id)).toBeNull();
      expect((await h.manager.load(h.request(token))).isNew).toBe(true);
    },
  },
];
