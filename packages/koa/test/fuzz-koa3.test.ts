import { describeBindingFuzz } from "@sessionkit/conformance";
import { koa3Harness } from "./koa3-harness.js";

// 10,000 generated Cookie and 10,000 Authorization headers against Koa 3 (see
// describeBindingFuzz for the properties). Seed: SESSIONKIT_FUZZ_SEED, else a fixed one.
describeBindingFuzz("koa 3 fuzz", koa3Harness);
