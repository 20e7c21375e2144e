export {
  type AdminTarget,
  type AuthorizeResult,
  createAdminHandler,
  type SessionAdminOptions,
} from "./admin-routes.js";
export { type DeviceLabel, describeDevice } from "./device-label.js";
export { createDevicesHandler, type SessionDevicesOptions } from "./devices-routes.js";
export { escapeHtml, Html, html, raw } from "./html.js";
export type { AdminRequest, AdminResponse } from "./http.js";
export { isSameOrigin } from "./same-origin.js";
export type { SessionSummary } from "./summary.js";
export { defaultLayout, type Layout, type LayoutView } from "./views.js";
