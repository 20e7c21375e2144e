import { describeStoreConformance } from "@sessionkit/conformance";
import { sqlConformanceOptions } from "./support/conformance-options.js";

describeStoreConformance("SqlStore (postgres)", sqlConformanceOptions("postgres"));
