import { describeBindingConformance } from "@sessionkit/conformance";
import { express5Harness } from "./express5-harness.js";

describeBindingConformance("express 5", express5Harness);
