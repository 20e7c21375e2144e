import { describe, it } from "vitest";
import {
  createExpiredStoreTestRecord,
  createStoreTestRecord,
  describeStoreConformance,
  randomStoreId,
  STORE_TEST_IDS,
  type StoreTestId,
} from "../src/index.js";
import { createNamespace, planStoreCase, runStoreCase, type StoreCase } from "../src/store/case.js";
import { STORE_CASE_GROUPS } from "../src/store/index.js";
import { type ReferenceBackend, ReferenceStore } from "./reference-store.js";

const allCases = STORE_CASE_GROUPS.flatMap((group) => group.cases);
const backend: ReferenceBackend = new Map();
const createStore = ({ namespace }: { namespace: string }) =>
  new ReferenceStore(backend, namespace);

describe("the store case catalogue", () => {
  it("has a case for every id and an id for every case, each once", ({ expect }) => {
    const ids = allCases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(STORE_TEST_IDS).sort());
  });

  it("has at least 40 distinct cases", ({ expect }) => {
    expect(allCases.length).toBeGreaterThanOrEqual(40);
  });

  it("names every id area/behaviour in kebab-case", ({ expect }) => {
    for (const id of Object.keys(STORE_TEST_IDS))
      expect(id).toMatch(/^store\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe("planning a case", () => {
  const listing: StoreCase = {
    id: "store/list-by-user-unknown",
    needs: ["listByUser"],
    run: async () => {},
  };
  const failing: StoreCase = {
    id: "store/failure-get",
    needs: ["failingStore"],
    run: async () => {},
  };

  it("runs a case whose needs are met", ({ expect }) => {
    expect(planStoreCase(listing, {})).toEqual({ run: true });
    expect(planStoreCase(failing, { createFailingStore: createStore })).toEqual({ run: true });
  });

  it("skips with the reason given in skip", ({ expect }) => {
    const plan = planStoreCase(listing, { skip: { "store/list-by-user-unknown": "not yet" } });
    expect(plan).toEqual({ run: false, reason: "not yet" });
  });

  it("skips a case that needs a capability the store declares missing", ({ expect }) => {
    const plan = planStoreCase(listing, { capabilities: { listByUser: false } });
    expect(plan.run).toBe(false);
    expect(planStoreCase(listing, { capabilities: { cleanup: false } })).toEqual({ run: true });
  });

  it("skips the failure cases without createFailingStore", ({ expect }) => {
    expect(planStoreCase(failing, {}).run).toBe(false);
  });
});

describe("describeStoreConformance options", () => {
  it("rejects a skip of an unknown id", ({ expect }) => {
    const skip = { "store/no-such-case": "typo" } as Partial<Record<StoreTestId, string>>;
    expect(() => describeStoreConformance("x", { createStore, skip })).toThrow(TypeError);
  });

  it("rejects a skip without a reason", ({ expect }) => {
    const skip = { "store/crud-round-trip": " " };
    expect(() => describeStoreConformance("x", { createStore, skip })).toThrow(TypeError);
  });

  it("rejects options without createStore", ({ expect }) => {
    const options = {} as Parameters<typeof describeStoreConformance>[1];
    expect(() => describeStoreConformance("x", options)).toThrow(TypeError);
  });
});

describe("running a case", () => {
  const runner = (expect: Parameters<typeof runStoreCase>[2]["expect"]) => ({
    expect,
    skip: (reason: string): never => {
      throw new Error(reason);
    },
  });

  it("cleans up every store it opened, even when the case fails", async ({ expect }) => {
    const cleaned: string[] = [];
    const boom: StoreCase = {
      id: "store/crud-round-trip",
      async run({ openStore }) {
        await openStore();
        throw new Error("case failed");
      },
    };
    const run = runStoreCase(
      boom,
      { createStore, afterEach: async (store) => void cleaned.push(store.name) },
      runner(expect),
    );
    await expect(run).rejects.toThrow("case failed");
    expect(cleaned).toHaveLength(2);
  });

  it("closes stores by default and reports a failing clean-up", async ({ expect }) => {
    const ok: StoreCase = { id: "store/crud-round-trip", run: async () => {} };
    const store = new ReferenceStore(backend, createNamespace());
    store.close = async () => {
      throw new Error("close failed");
    };
    await expect(runStoreCase(ok, { createStore: () => store }, runner(expect))).rejects.toThrow(
      "close failed",
    );
  });

  it("gives each store a short namespace of [a-z0-9_]", ({ expect }) => {
    const namespaces = new Set(Array.from({ length: 100 }, createNamespace));
    expect(namespaces.size).toBe(100);
    for (const namespace of namespaces) expect(namespace).toMatch(/^sk_[a-z0-9_]{1,13}$/);
  });
});

describe("record helpers", () => {
  it("make 43-character base64url ids, live and expired records", ({ expect }) => {
    expect(randomStoreId()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createStoreTestRecord().expiresAt).toBeGreaterThan(Date.now());
    expect(createExpiredStoreTestRecord().expiresAt).toBeLessThan(Date.now());
    expect(createStoreTestRecord({ version: 3 }).version).toBe(3);
  });
});
