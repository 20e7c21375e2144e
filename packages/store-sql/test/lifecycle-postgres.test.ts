import { describeLifecycleConformance } from "@sessionkit/conformance";
import { sqlConformanceOptions } from "./support/conformance-options.js";

describeLifecycleConformance("SqlStore (postgres)", sqlConformanceOptions("postgres"));
