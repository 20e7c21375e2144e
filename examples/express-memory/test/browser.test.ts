import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { MemoryStore } from "@sessionkit/store-memory";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { listen } from "./device.js";

// A real browser decides what a cookie's attributes mean (HttpOnly hides it from scripts,
// SameSite, expiry); this test checks them as Chromium sees them, not as a header string.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = fileURLToPath(new URL("../.tmp/", import.meta.url));

let server: Awaited<ReturnType<typeof listen>>;
let launched: Promise<Browser> | undefined;

/**
 * Launched on first use inside a test, not in a hook: a missing Chromium then FAILS each test
 * with the fix in its message (a failing hook would report the tests as skipped).
 */
function browser(): Promise<Browser> {
  launched ??= launchChromium();
  return launched;
}

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Run \`bash scripts/install-chromium.sh\` ` +
        "(Debian's chromium package; never `playwright install`), or set CHROMIUM_PATH.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

beforeAll(async () => {
  const store = new MemoryStore({ sweepInterval: 0 });
  server = await listen(
    createApp({ secret: "browser-test-secret-of-at-least-32-bytes", store }).app,
  );
});

afterAll(async () => {
  await (await launched?.catch(() => undefined))?.close();
  await server?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/dashboard`);
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(server.url)).find((cookie) => cookie.name === "sid");
}

describe("express-memory in Chromium", { timeout: 60_000 }, () => {
  it("signs in through the form with an HttpOnly, SameSite=Lax cookie, and signs out", async () => {
    const context = await (await browser()).newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Hello, visitor");
    expect(await context.cookies(server.url)).toEqual([]);

    await signIn(page, "alice");
    await expect(page.locator("h1").textContent()).resolves.toBe("Hello, alice");

    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
    // HttpOnly: page scripts (and so an XSS payload) cannot read the token.
    expect(await page.evaluate<string>("document.cookie")).not.toContain("sid=");

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}dashboard.png`, fullPage: true });

    const handle = await page.locator("#session-id").textContent();
    await page.reload();
    await expect(page.locator("#session-id").textContent()).resolves.toBe(handle);
    expect(page.url()).toBe(`${server.url}/dashboard`);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Hello, visitor");
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });

  it("signs out another device from the signed-in devices list", async () => {
    const laptop = await (await browser()).newContext({
      userAgent: "Mozilla/5.0 (X11; Linux) Firefox/140.0",
    });
    const phone = await (await browser()).newContext({
      userAgent: "Mozilla/5.0 (iPhone) AppleWebKit Safari/605.1",
    });
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signIn(laptopPage, "bob");
    await signIn(phonePage, "bob");
    const phoneHandle = await phonePage.locator("#session-id").textContent();

    await laptopPage.reload();
    const phoneRow = laptopPage.locator(`tr[data-device="${phoneHandle}"]`);
    await expect(phoneRow.locator("td").first().textContent()).resolves.toBe("Safari on iOS");
    await phoneRow.getByRole("button", { name: /^Sign out device / }).click();
    await laptopPage.waitForURL(`${server.url}/dashboard`);
    await expect(laptopPage.locator("#devices tr[data-device]").count()).resolves.toBe(1);

    // The phone's cookie is still there, but it no longer opens a session.
    expect(await sessionCookie(phone)).toBeDefined();
    await phonePage.reload();
    expect(phonePage.url()).toBe(`${server.url}/login`);
    await laptop.close();
    await phone.close();
  });
});
