import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { session, sessionAdminRouter, sessionDevicesRouter } from "@sessionkit/express";
import { MemoryStore } from "@sessionkit/store-memory";
import express from "express";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "./device.js";

// The library's own "signed-in devices" and admin pages (sessionDevicesRouter,
// sessionAdminRouter), mounted in one line each, driven in a real Chromium: two browsers with
// different user agents sign in as one user, the first sees both labelled by the parser and
// signs the other out with the page's form, and the other is logged out on its next request.
// Screenshots of both pages are written to examples/express-memory/.tmp/ as test artifacts.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../.tmp/", import.meta.url));
const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let server: Awaited<ReturnType<typeof listen>>;
let launched: Promise<Browser> | undefined;

function browser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Run \`bash scripts/install-chromium.sh\`, or set CHROMIUM_PATH.`,
    );
  }
  launched ??= chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  return launched;
}

/** A minimal app: sign-in by name (no password: a test), and the library's two routers. */
function createApp() {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const sessions = session({
    secret: "library-pages-browser-test-secret-0123456789",
    store: new MemoryStore({ sweepInterval: 0 }),
  });
  app.use(sessions);
  app.get("/login", (_req, res) => {
    res
      .type("html")
      .send(
        '<form method="post" action="/login"><label>Name <input name="name"></label><button>Sign in</button></form>',
      );
  });
  app.post("/login", (req, res) => {
    req.session.userId = String((req.body as { name?: string }).name);
    res.redirect(303, "/account/devices");
  });
  app.use(
    "/account/devices",
    sessionDevicesRouter({ manager: sessions.manager, signInPath: "/login" }),
  );
  app.use(
    "/admin/sessions",
    sessionAdminRouter({
      manager: sessions.manager,
      authorize: (req) =>
        (req as { session?: { userId?: string | null } }).session?.userId === "root"
          ? true
          : "unauthenticated",
    }),
  );
  return app;
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/account/devices`);
}

beforeAll(async () => {
  server = await listen(createApp());
});

afterAll(async () => {
  await (await launched?.catch(() => undefined))?.close();
  await server?.close();
});

describe("the library's devices and admin pages in Chromium", { timeout: 60_000 }, () => {
  it("labels two browsers, signs the other out from the devices page, and it is logged out", async () => {
    const laptop = await (await browser()).newContext({ userAgent: FIREFOX_LINUX });
    const phone = await (await browser()).newContext({ userAgent: SAFARI_IPHONE });
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signIn(laptopPage, "grace");
    await signIn(phonePage, "grace");

    await laptopPage.reload();
    const rows = laptopPage.locator("#devices tr[data-session]");
    await expect(rows.count()).resolves.toBe(2);
    const labels = await laptopPage.locator("#devices tr[data-session] .device").allTextContents();
    expect(labels.sort()).toEqual(["Firefox on Linux", "Safari on iOS (mobile)"]);
    // This browser is marked, and is the one without a sign-out button.
    const mine = laptopPage.locator("#devices tr[data-session]", { hasText: "This device" });
    await expect(mine.locator(".device").textContent()).resolves.toBe("Firefox on Linux");

    await mkdir(ARTIFACTS, { recursive: true });
    await laptopPage.screenshot({ path: `${ARTIFACTS}library-devices.png`, fullPage: true });

    const phoneRow = laptopPage.locator("#devices tr[data-session]", {
      hasText: "Safari on iOS (mobile)",
    });
    await phoneRow.getByRole("button", { name: /^Sign out Safari on iOS \(mobile\)/ }).click();
    // A plain form POST, answered 303 to the list with a notice: no script involved.
    await laptopPage.waitForURL(/\/account\/devices\/\?notice=/);
    await expect(laptopPage.getByText("Signed out 1 device.").count()).resolves.toBe(1);
    await expect(rows.count()).resolves.toBe(1);

    // The phone's next request: its cookie no longer opens a session, so the devices page
    // sends it to sign in.
    await phonePage.goto(`${server.url}/account/devices`);
    expect(phonePage.url()).toBe(`${server.url}/login`);
    await laptop.close();
    await phone.close();
  });

  it("shows the admin page to the authorized user only, and saves a screenshot of it", async () => {
    const visitor = await (await browser()).newContext();
    const visitorPage = await visitor.newPage();
    const refused = await visitorPage.goto(`${server.url}/admin/sessions/`);
    expect(refused?.status()).toBe(401);

    const admin = await (await browser()).newContext({ userAgent: FIREFOX_LINUX });
    const page = await admin.newPage();
    await signIn(page, "root");
    const shown = await page.goto(`${server.url}/admin/sessions/`);
    expect(shown?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe("Sessions");
    await expect(page.locator("#sessions tr[data-session]").count()).resolves.toBeGreaterThan(0);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}library-admin.png`, fullPage: true });
    console.log(`[artifacts] ${ARTIFACTS}library-devices.png, ${ARTIFACTS}library-admin.png`);
    await visitor.close();
    await admin.close();
  });
});
