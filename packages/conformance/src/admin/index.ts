export { CHROME_LINUX, Device, FIREFOX_WINDOWS, SAFARI_IPHONE } from "./client.js";
export type { AdminHarness } from "./harness.js";
export { describeAdminRoutes } from "./suite.js";
