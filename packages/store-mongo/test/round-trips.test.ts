import { createExpiredStoreTestRecord, createStoreTestRecord } from "@sessionkit/conformance";
import type { CommandStartedEvent, MongoClient } from "mongodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MongoStore } from "../src/index.js";
import { createTestClient, dropTestStore, openTestStore, uniqueNamespace } from "./support.js";

const HOUR = 3_600_000;

// The driver's command monitoring sees every command the store sends (and none of the
// driver's own handshakes and heartbeats), so these counts are the store's round trips.
let client: MongoClient;
let store: MongoStore;
const commands: string[] = [];

beforeAll(async () => {
  client = await createTestClient({ monitorCommands: true }).connect();
  client.on("commandStarted", (event: CommandStartedEvent) => commands.push(event.commandName));
  store = await openTestStore(client, uniqueNamespace());
});

afterAll(async () => {
  await dropTestStore(store);
  await client.close();
});

beforeEach(() => {
  commands.length = 0;
});

/** The commands `operation` sent. */
async function commandsOf(operation: () => Promise<unknown>): Promise<string[]> {
  commands.length = 0;
  await operation();
  return [...commands];
}

describe("round trips per operation", () => {
  it("get is one find", async () => {
    const record = createStoreTestRecord();
    await store.set(record, null);
    expect(await commandsOf(() => store.get(record.id))).toEqual(["find"]);
  });

  it("a create is one insert; an update by version is one update", async () => {
    const record = createStoreTestRecord();
    expect(await commandsOf(() => store.set(record, null))).toEqual(["insert"]);
    const next = { ...record, data: { n: 2 }, version: 2 };
    expect(await commandsOf(() => store.set(next, 1))).toEqual(["update"]);
    expect(await commandsOf(() => store.set(next, 1))).toEqual(["update"]);
  });

  it("a create over a taken id costs one more command, whether it replaces or not", async () => {
    const expired = createExpiredStoreTestRecord();
    await store.set(expired, null);
    const fresh = createStoreTestRecord({ id: expired.id });
    expect(await commandsOf(() => store.set(fresh, null))).toEqual(["insert", "update"]);
    expect(await commandsOf(() => store.set(fresh, null))).toEqual(["insert", "update"]);
  });

  it("touch, destroy, listByUser, destroyByUser and cleanup are one command each", async () => {
    const record = createStoreTestRecord({ userId: "user-round-trips" });
    await store.set(record, null);
    const now = Date.now();
    expect(await commandsOf(() => store.touch(record.id, now + HOUR, now))).toEqual(["update"]);
    expect(await commandsOf(() => store.listByUser("user-round-trips"))).toEqual(["find"]);
    expect(await commandsOf(() => store.destroyByUser("user-round-trips", record.id))).toEqual([
      "delete",
    ]);
    expect(await commandsOf(() => store.destroy(record.id))).toEqual(["delete"]);
    expect(await commandsOf(() => store.cleanup())).toEqual(["delete"]);
  });
});
