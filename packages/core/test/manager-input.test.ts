import { describe, expect, it } from "vitest";
import { createSessionManager } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

function setup() {
  const store = new CountingStore();
  const manager = createSessionManager({ secret: "manager-input-secret-0123456789abcdef", store });
  return { store, manager };
}

// Values an HTTP layer hands over when a query string or JSON body is passed on unchecked.
// The last one is one character past what every store keeps (MAX_STORE_ID_LENGTH).
const hostile: unknown[] = [{ $ne: "x" }, ["a"], 42, true, "", "u".repeat(256)];

describe("the manager refuses ids that are not non-empty, bounded strings, before any store call", () => {
  it.each(hostile)("create({ userId: %j })", async (userId) => {
    const { store, manager } = setup();
    await expect(manager.create({ userId: userId as string })).rejects.toThrow(TypeError);
    expect(store.count()).toBe(0);
  });

  it.each(hostile)("listByUser(%j)", async (userId) => {
    const { store, manager } = setup();
    await expect(manager.listByUser(userId as string)).rejects.toThrow(/userId must be/);
    expect(store.count()).toBe(0);
  });

  it.each(hostile)("revokeAll(%j) and revokeAll(user, { except: %j })", async (value) => {
    const { store, manager } = setup();
    await expect(manager.revokeAll(value as string)).rejects.toThrow(TypeError);
    await expect(manager.revokeAll("u1", { except: value as string })).rejects.toThrow(TypeError);
    expect(store.count()).toBe(0);
  });

  it.each(hostile)("revoke(%j)", async (id) => {
    const { store, manager } = setup();
    await expect(manager.revoke(id as string)).rejects.toThrow(/handle/);
    expect(store.count()).toBe(0);
  });

  it.each([{ $ne: "x" }, ["a"], 42, null])(
    "get/refresh/update/destroy of token %j",
    async (token) => {
      const { store, manager } = setup();
      const t = token as unknown as string;
      await expect(manager.get(t)).rejects.toThrow(TypeError);
      await expect(manager.refresh(t)).rejects.toThrow(TypeError);
      await expect(manager.update(t, () => {})).rejects.toThrow(TypeError);
      await expect(manager.destroy(t)).rejects.toThrow(TypeError);
      expect(store.count()).toBe(0);
    },
  );

  it("still takes anonymous sessions, real ids and handles", async () => {
    const { manager } = setup();
    await expect(manager.create({ userId: null })).resolves.toHaveProperty("token");
    const { record } = await manager.create({ userId: "u1" });
    await expect(manager.listByUser("u1")).resolves.toEqual([]);
    await expect(manager.revokeAll("u1", { except: record.id })).resolves.toBe(0);
    await expect(manager.revoke(record.id)).resolves.toBeUndefined();
  });

  it("never lets a caller mark a session as a regeneration's tombstone", async () => {
    const { manager } = setup();
    const meta = { userAgent: "cli", replaced: true } as const;
    const { token, record } = await manager.create({ meta });
    expect(record.meta).toEqual({ userAgent: "cli" });
    expect(await manager.get(token)).not.toBeNull();
  });
});
