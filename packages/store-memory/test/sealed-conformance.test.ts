import { randomBytes } from "node:crypto";
import { describeLifecycleConformance, describeStoreConformance } from "@sessionkit/conformance";
import { sealedStore } from "@sessionkit/core";
import { MemoryStore } from "../src/index.js";

// Every store and lifecycle rule holds with the data sealed at rest (AES-256-GCM): sealing
// changes what the store holds, never how sessions behave.
const keys = [randomBytes(32), randomBytes(32).toString("base64")];

describeStoreConformance("MemoryStore, sealed", {
  createStore: () => sealedStore(new MemoryStore(), { keys }),
});

describeLifecycleConformance("MemoryStore, sealed", {
  createStore: () => sealedStore(new MemoryStore(), { keys }),
});
