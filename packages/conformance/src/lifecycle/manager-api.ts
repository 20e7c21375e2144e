import { createHarness, MINUTE } from "./harness.js";
import type { LifecycleCase } from "./register.js";

export const managerCases: readonly LifecycleCase[] = [
  {
    id: "lifecycle/manager-create-get",
    async run({ store, expect }) {
      const h = createHarness(store);
      const { token, record } = await h.manager.create({
        userId: "api-user",
        data: { plan: "pro" },
        meta: { userAgent: "cli/1.0", ip: "127.0.0.1" },
      });
      expect(record.version).toBe(1);
      const read = await h.manager.get(token);
      expect(read).toMatchObject({
        id: record.id,
        userId: "api-user",
        data: { plan: "pro" },
        meta: { userAgent: "cli/1.0", ip: "127.0.0.1" },
      });
      expect(await h.manager.get(`${token}x`)).toBeNull();
      h.clock.advance(MINUTE);
      const refreshed = await h.manager.refresh(token);
      expect(refreshed?.expiresAt).toBe(record.expiresAt + MINUTE);
    },
  },
  {
    id: "lifecycle/manager-update",
    async run({ store, expect }) {
      const h = createHarness(store);
      const { token } = await h.manager.create({ data: { count: 0 } });
      await Promise.all(
        Array.from({ length: 20 }, () =>
          h.manager.update(token, (data) => {
            data.count = (data.count as number) + 1;
          }),
        ),
      );
      expect((await h.manager.get(token))?.data).toEqual({ count: 20 });
      await h.manager.destroy(token);
      expect(await h.manager.update(token, () => ({ back: true }))).toBeNull();
      expect(await h.manager.get(token)).toBeNull();
    },
  },
  {
    id: "lifecycle/manager-revoke",
    needs: ["listByUser"],
    async run({ store, expect }) {
      const h = createHarness(store);
      const a = await h.manager.create({ userId: "revoke-one" });
      const b = await h.manager.create({ userId: "revoke-one" });
      await h.manager.revoke(a.record.id);
      expect(await h.manager.get(a.token)).toBeNull();
      expect(await h.manager.get(b.token)).not.toBeNull();
      const listed = await h.manager.listByUser("revoke-one");
      expect(listed.map((record) => record.id)).toEqual([b.record.id]);
    },
  },
  {
    id: "lifecycle/manager-revoke-all-except",
    needs: ["destroyByUser"],
    async run({ store, expect }) {
      const h = createHarness(store);
      const current = await h.manager.create({ userId: "revoke-all" });
      const others = await Promise.all(
        [1, 2, 3].map(() => h.manager.create({ userId: "revoke-all" })),
      );
      const bystander = await h.manager.create({ userId: "someone-else" });
      expect(await h.manager.revokeAll("revoke-all", { except: current.record.id })).toBe(3);
      for (const other of others) expect(await h.manager.get(other.token)).toBeNull();
      expect(await h.manager.get(current.token)).not.toBeNull();
      expect(await h.manager.get(bystander.token)).not.toBeNull();
      expect(await h.manager.revokeAll("revoke-all")).toBe(1);
      expect(await h.manager.get(current.token)).toBeNull();
    },
  },
  {
    id: "lifecycle/manager-cleanup",
    needs: ["cleanup"],
    async run({ store, expect }) {
      // A manager whose clock is a day behind writes records already expired by the store's
      // own (real) clock, as if they had been created yesterday.
      const h = createHarness(store);
      const live = await h.manager.create({ userId: "cleanup-user", data: { live: true } });
      const yesterday = { now: () => Date.now() - 24 * 60 * MINUTE };
      const past = h.withOptions({ clock: yesterday, idleTimeout: MINUTE, touchAfter: 1000 });
      await past.create({ userId: "cleanup-user", data: { expired: true } });
      expect(await h.manager.cleanup()).toBe(1);
      expect(await h.manager.get(live.token)).not.toBeNull();
      expect(await h.manager.cleanup()).toBe(0);
    },
  },
];
