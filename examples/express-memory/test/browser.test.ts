import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { MemoryStore } from "@sessionkit/store-memory";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { listen } from "./device.js";

// A real browser decides what a cookie's attributes mean (HttpOnly hides it from scripts,
// SameSite, expiry); this test checks them as Chromium sees them, not as a header string, and
// drives the library's devices and admin pages the app mounts with their own forms (plain
// POSTs: no script). Screenshots go to examples/express-memory/.tmp/ as test artifacts.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = fileURLToPath(new URL("../.tmp/", import.meta.url));
const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

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
    createApp({ secret: "browser-test-secret-of-at-least-32-bytes", store, admins: ["root"] }).app,
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
  await page.waitForURL(`${server.url}/account/devices`);
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
    await expect(page.locator("h1").textContent()).resolves.toBe("Signed-in devices (1)");

    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
    // HttpOnly: page scripts (and so an XSS payload) cannot read the token.
    expect(await page.evaluate<string>("document.cookie")).not.toContain("sid=");

    await page.getByRole("link", { name: "sessionkit example" }).click();
    await expect(page.locator("h1").textContent()).resolves.toBe("Welcome back, alice");
    const handle = await page.locator("#session-id").textContent();
    await page.reload();
    await expect(page.locator("#session-id").textContent()).resolves.toBe(handle);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Hello, visitor");
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });

  it("labels two browsers on the devices page, signs the other out, and it is logged out", async () => {
    const laptop = await (await browser()).newContext({ userAgent: FIREFOX_LINUX });
    const phone = await (await browser()).newContext({ userAgent: SAFARI_IPHONE });
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signIn(laptopPage, "bob");
    await signIn(phonePage, "bob");

    await laptopPage.reload();
    const rows = laptopPage.locator("#devices tr[data-session]");
    await expect(rows.count()).resolves.toBe(2);
    const labels = await laptopPage.locator("#devices tr[data-session] .device").allTextContents();
    expect(labels.sort()).toEqual(["Firefox on Linux", "Safari on iOS (mobile)"]);
    // This browser is marked, and is the one without a sign-out button.
    const mine = laptopPage.locator("#devices tr[data-session]", { hasText: "This device" });
    await expect(mine.locator(".device").textContent()).resolves.toBe("Firefox on Linux");
    await mkdir(SCREENSHOTS, { recursive: true });
    await laptopPage.screenshot({ path: `${SCREENSHOTS}devices.png`, fullPage: true });

    const phoneRow = laptopPage.locator("#devices tr[data-session]", {
      hasText: "Safari on iOS (mobile)",
    });
    await phoneRow.getByRole("button", { name: /^Sign out Safari on iOS \(mobile\)/ }).click();
    await laptopPage.waitForURL(/\/account\/devices\/\?notice=/);
    await expect(laptopPage.getByText("Signed out 1 device.").count()).resolves.toBe(1);
    await expect(rows.count()).resolves.toBe(1);

    // The phone's cookie is still there, but it no longer opens a session: the devices page
    // sends it to sign in.
    expect(await sessionCookie(phone)).toBeDefined();
    await phonePage.reload();
    expect(phonePage.url()).toBe(`${server.url}/login`);
    await laptop.close();
    await phone.close();
  });

  it("shows the admin page to an admin only, who revokes a session with its form", async () => {
    const user = await (await browser()).newContext({ userAgent: SAFARI_IPHONE });
    const userPage = await user.newPage();
    const refused = await userPage.goto(`${server.url}/admin/sessions/`);
    expect(refused?.status()).toBe(401);
    await signIn(userPage, "carol");
    expect((await userPage.goto(`${server.url}/admin/sessions/`))?.status()).toBe(403);

    const admin = await (await browser()).newContext({ userAgent: FIREFOX_LINUX });
    const page = await admin.newPage();
    await signIn(page, "root");
    await page.getByRole("link", { name: "Admin" }).click();
    await expect(page.locator("h1").textContent()).resolves.toBe("Sessions");
    const carol = page.locator("#sessions tr[data-session]", { hasText: "carol" });
    await expect(carol.count()).resolves.toBe(1);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}admin.png`, fullPage: true });

    await carol.getByRole("button", { name: "Revoke all sessions of carol" }).click();
    await page.waitForURL(/\/admin\/sessions\/\?notice=/);
    await expect(page.getByText("Revoked 1 session(s) of user carol.").count()).resolves.toBe(1);
    await expect(carol.count()).resolves.toBe(0);
    await userPage.goto(`${server.url}/account/devices`);
    expect(userPage.url()).toBe(`${server.url}/login`);
    console.log(`[artifacts] ${SCREENSHOTS}devices.png, ${SCREENSHOTS}admin.png`);
    await user.close();
    await admin.close();
  });
});
