import { describeLifecycleConformance } from "@sessionkit/conformance";
import { MemoryStore } from "../src/index.js";

describeLifecycleConformance("MemoryStore", { createStore: () => new MemoryStore() });
