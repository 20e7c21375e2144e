import { describeBindingFuzz } from "@sessionkit/conformance";
import { express5Harness } from "./express5-harness.js";

// 10,000 generated Cookie and 10,000 Authorization headers against Express 5 (see
// describeBindingFuzz for the properties). Seed: SESSIONKIT_FUZZ_SEED, else a fixed one.
describeBindingFuzz("express 5 fuzz", express5Harness);
