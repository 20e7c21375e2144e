import { storeKeyFor } from "@sessionkit/core";
import { createHarness, issuedToken, SECRET, signedInSession } from "./harness.js";
import type { LifecycleCase } from "./register.js";

export const requestCases: readonly LifecycleCase[] = [
  {
    id: "lifecycle/lazy-no-store-call",
    async run({ store, expect }) {
      const h = createHarness(store);
      const session = await h.manager.load(h.request());
      expect(session.isNew).toBe(true);
      const result = await h.manager.commit(session);
      expect(result.headers).toEqual([]);
      expect(h.store.count()).toBe(0);
    },
  },
  {
    id: "lifecycle/write-creates-session",
    async run({ store, expect }) {
      const h = createHarness(store);
      const session = await h.manager.load(h.request());
      session.data.cart = ["apple"];
      const token = issuedToken(await h.manager.commit(session));
      expect(token).toBeDefined();
      expect(h.store.count("set")).toBe(1);
      expect(h.store.count()).toBe(1);
      const again = await h.manager.load(h.request(token));
      expect(again.isNew).toBe(false);
      expect(again.data).toEqual({ cart: ["apple"] });
    },
  },
  {
    id: "lifecycle/store-never-sees-token",
    async run({ store, expect }) {
      const h = createHarness(store);
      const signed = await signedInSession(h);
      const raw = signed.slice(0, signed.lastIndexOf("."));
      const record = await store.get(storeKeyFor(raw));
      expect(record).not.toBeNull();
      expect(record?.id).toBe(storeKeyFor(raw));
      expect(JSON.stringify(record)).not.toContain(raw);
      expect(h.store.calls.every((call) => call.id !== raw && call.id !== signed)).toBe(true);
    },
  },
  {
    id: "lifecycle/valid-token-one-read",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h);
      h.store.reset();
      await h.manager.load(h.request(token));
      expect(h.store.calls.map((call) => call.operation)).toEqual(["get"]);
    },
  },
  {
    id: "lifecycle/bad-signature-no-store-call",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h);
      const raw = token.slice(0, token.lastIndexOf("."));
      const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
      h.store.reset();
      for (const bad of [
        flipped,
        raw,
        `${raw}.`,
        "garbage",
        "x".repeat(8192),
        `${raw}.${"A".repeat(43)}`,
      ]) {
        const session = await h.manager.load(h.request(bad));
        expect(session.isNew).toBe(true);
        expect(session.data).toEqual({});
      }
      expect(h.store.count()).toBe(0);
    },
  },
  {
    id: "lifecycle/unknown-token-not-adopted",
    async run({ store, expect }) {
      const h = createHarness(store);
      // A correctly signed token the store has never seen, as an attacker planting one would send.
      const planted = h.withOptions({ store: h.store });
      const { token: plantedToken, record } = await planted.create({ data: {} });
      await store.destroy(record.id);
      const session = await h.manager.load(h.request(plantedToken));
      expect(session.isNew).toBe(true);
      expect(session.id).not.toBe(record.id);
      session.data.x = 1;
      const issued = issuedToken(await h.manager.commit(session));
      expect(issued).toBeDefined();
      expect(issued).not.toBe(plantedToken);
      expect(await store.get(record.id)).toBeNull();
    },
  },
  {
    id: "lifecycle/rotated-secret-reissues",
    async run({ store, expect }) {
      const h = createHarness(store, { secret: SECRET });
      const token = await signedInSession(h, { kept: true });
      const rotated = h.withOptions({ secret: ["rotated-secret-0123456789abcdefghijkl", SECRET] });
      h.store.reset();
      const session = await rotated.load(h.request(token));
      expect(session.isNew).toBe(false);
      expect(session.data).toEqual({ kept: true });
      const reissued = issuedToken(await rotated.commit(session));
      expect(reissued).toBeDefined();
      expect(reissued).not.toBe(token);
      expect(reissued?.split(".")[0]).toBe(token.split(".")[0]);
      expect(h.store.writes()).toBe(0);
      // The old manager (old secret only) no longer accepts the re-issued cookie.
      expect((await h.manager.load(h.request(reissued))).isNew).toBe(true);
    },
  },
  {
    id: "lifecycle/failed-handler-persists-nothing",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { n: 1 });
      const session = await h.manager.load(h.request(token));
      session.data.n = 2;
      session.regenerate();
      h.store.reset();
      const result = await h.manager.commit(session, { failed: true });
      expect(result.headers).toEqual([]);
      expect(h.store.writes()).toBe(0);
      expect((await h.manager.load(h.request(token))).data).toEqual({ n: 1 });
    },
  },
];
