import type { SessionInput } from "./io.js";
import type { SessionMeta } from "./types.js";

/** Longest User-Agent kept: enough for any real browser, bounded against junk headers. */
const MAX_USER_AGENT = 512;

/** The device facts a request shows: its User-Agent (bounded) and client address. */
export function observedDevice(input: SessionInput): Pick<SessionMeta, "userAgent" | "ip"> {
  const device: Pick<SessionMeta, "userAgent" | "ip"> = {};
  const userAgent = input.header("user-agent");
  if (userAgent) device.userAgent = userAgent.slice(0, MAX_USER_AGENT);
  const ip = input.ip;
  if (ip) device.ip = ip;
  return device;
}

/**
 * Fills in the device facts `meta` has none of yet, for a session about to be stored for the
 * first time; true when something was added. A fresh session is built without them, so a
 * visitor whose session is only read never runs the framework's proxy rules for its address.
 */
export function recordDevice(meta: SessionMeta, input: SessionInput): boolean {
  const device = observedDevice(input);
  let added = false;
  if (meta.userAgent === undefined && device.userAgent !== undefined) {
    meta.userAgent = device.userAgent;
    added = true;
  }
  if (meta.ip === undefined && device.ip !== undefined) {
    meta.ip = device.ip;
    added = true;
  }
  return added;
}

/** Whether the request's User-Agent or IP differ from `meta` (what `refreshDevice` would copy). */
export function deviceDiffers(meta: SessionMeta, input: SessionInput): boolean {
  const device = observedDevice(input);
  return (
    (device.userAgent !== undefined && device.userAgent !== meta.userAgent) ||
    (device.ip !== undefined && device.ip !== meta.ip)
  );
}

/**
 * Copies the request's User-Agent and IP into `meta` where they differ from what is stored;
 * true when something changed. Called only for a commit that writes or touches anyway, so the
 * new facts ride on that store call: a changed IP alone never costs a write of its own (mobile
 * clients change address constantly); it is recorded by the next touch, at most `touchAfter`
 * later. A request without the header or address keeps the stored value.
 */
export function refreshDevice(meta: SessionMeta, input: SessionInput): boolean {
  const device = observedDevice(input);
  let changed = false;
  if (device.userAgent !== undefined && device.userAgent !== meta.userAgent) {
    meta.userAgent = device.userAgent;
    changed = true;
  }
  if (device.ip !== undefined && device.ip !== meta.ip) {
    meta.ip = device.ip;
    changed = true;
  }
  return changed;
}

/** The store operations that write or extend the record anyway, and so can carry new facts. */
export function carriesDevice(store: string): boolean {
  return store === "update" || store === "touch" || store === "regenerate";
}
