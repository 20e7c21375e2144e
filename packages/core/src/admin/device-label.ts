import Bowser from "bowser";

/** What a User-Agent header says about the device, for "signed-in devices" lists. */
export interface DeviceLabel {
  /** "Chrome", "Safari", … or undefined when the header names no known browser. */
  browser: string | undefined;
  /** "Linux", "iOS", "Windows", … */
  os: string | undefined;
  /** "desktop", "mobile", "tablet", "tv", "bot", … */
  device: string | undefined;
  /** One line for people: "Chrome on Linux", "Safari on iOS (mobile)", or the header shortened. */
  label: string;
}

const SHORT = 60;

/**
 * Labels a User-Agent with Bowser (MIT, pinned), not a hand-written guesser: real headers
 * carry each other's tokens ("Chrome … Safari", "Edg … Chrome"), which only a maintained
 * rule set gets right. Unknown clients (curl, bots) are labelled with the header, shortened.
 */
export function describeDevice(userAgent: string | undefined): DeviceLabel {
  if (!userAgent)
    return { browser: undefined, os: undefined, device: undefined, label: "Unknown device" };
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name || undefined;
  const os = parsed.os.name || undefined;
  const device = parsed.platform.type || undefined;
  let label: string;
  if (browser) label = os ? `${browser} on ${os}` : browser;
  else label = userAgent.length > SHORT ? `${userAgent.slice(0, SHORT)}…` : userAgent;
  if (browser && device && device !== "desktop") label += ` (${device})`;
  return { browser, os, device, label };
}
