import { describeBindingConformance } from "@sessionkit/conformance";
import { koa3Harness } from "./koa3-harness.js";

describeBindingConformance("koa 3", koa3Harness);
