import { describe, expect, it } from "vitest";
import { createSessionManager } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

function setup() {
  const store = new CountingStore();
  const manager = createSessionManager<Record<string, unknown>>({
    secret: "hot-session-secret-0123456789abcdefgh",
    store,
  });
  const request = (token?: string) => ({
    header: (name: string) => (name === "cookie" && token ? `sid=${token}` : undefined),
    secure: false,
  });
  return { store, manager, request };
}

async function created(h: ReturnType<typeof setup>): Promise<string> {
  const { token } = await h.manager.create({ data: { hits: [] } });
  h.store.reset();
  return token;
}

describe("one hot session in one process", () => {
  it("serialises concurrent commits in process: no conflict reaches the store, nothing lost", async () => {
    const h = setup();
    const token = await created(h);
    const sessions = await Promise.all(
      Array.from({ length: 10 }, () => h.manager.load(h.request(token))),
    );
    await Promise.all(
      sessions.map(async (session, i) => {
        session.data[`key${i}`] = i;
        await h.manager.commit(session);
      }),
    );
    expect(h.store.conflicts).toBe(0);
    expect(h.store.calls.filter((call) => call === "set")).toHaveLength(10);
    expect(h.store.calls.filter((call) => call === "get")).toHaveLength(10); // the loads only
    const final = await h.manager.load(h.request(token));
    expect(final.data).toEqual({
      hits: [],
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key${i}`, i])),
    });
  });

  it("concurrent mutate appends all land without a conflict", async () => {
    const h = setup();
    const token = await created(h);
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const session = await h.manager.load(h.request(token));
        await session.mutate((data) => {
          (data.hits as number[]).push(i);
        });
        await h.manager.commit(session);
      }),
    );
    expect(h.store.conflicts).toBe(0);
    const hits = (await h.manager.get(token))?.data.hits as number[];
    expect([...hits].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("a commit queued behind a sign-in learns of it without a store call", async () => {
    const h = setup();
    const token = await created(h);
    const [signIn, late] = await Promise.all([
      h.manager.load(h.request(token)),
      h.manager.load(h.request(token)),
    ]);
    signIn.userId = "hot-user";
    late.data.late = true;
    const [signedIn, lateResult] = await Promise.all([
      h.manager.commit(signIn),
      h.manager.commit(late),
    ]);
    expect(signedIn.headers).toHaveLength(1);
    expect(lateResult.headers).toEqual([]); // replaced: the new cookie is left alone
    expect(h.store.conflicts).toBe(0);
    // The tombstone and the new record; the late commit wrote nothing and read nothing.
    expect(h.store.calls).toEqual(["get", "get", "set", "set"]);
  });

  it("a logout does not wait behind a slow write, and the write does not bring it back", async () => {
    const h = setup();
    const token = await created(h);
    const [slow, logout] = await Promise.all([
      h.manager.load(h.request(token)),
      h.manager.load(h.request(token)),
    ]);
    slow.data.late = true;
    logout.destroy();
    const [slowResult] = await Promise.all([h.manager.commit(slow), h.manager.commit(logout)]);
    expect(await h.manager.get(token)).toBeNull();
    expect(slowResult.headers[0]?.[1] ?? "").not.toMatch(/^sid=[^;]/);
  });
});
