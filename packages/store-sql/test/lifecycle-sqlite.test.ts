import { describeLifecycleConformance } from "@sessionkit/conformance";
import { sqlConformanceOptions } from "./support/conformance-options.js";

describeLifecycleConformance("SqlStore (sqlite file)", sqlConformanceOptions("sqlite-file"));
describeLifecycleConformance("SqlStore (sqlite :memory:)", sqlConformanceOptions("sqlite-memory"));
