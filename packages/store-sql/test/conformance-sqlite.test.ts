import { describeStoreConformance } from "@sessionkit/conformance";
import { sqlConformanceOptions } from "./support/conformance-options.js";

describeStoreConformance("SqlStore (sqlite file)", sqlConformanceOptions("sqlite-file"));
describeStoreConformance("SqlStore (sqlite :memory:)", sqlConformanceOptions("sqlite-memory"));
