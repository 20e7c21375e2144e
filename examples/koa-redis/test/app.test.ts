import { afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { createApp } from "../src/app.js";
import { type OpenedStore, openStore } from "../src/store.js";
import { Device, listedSessions, listen, shownHandle } from "./device.js";
import { countSessions, dropPrefix, keysMatching, uniquePrefix } from "./support.js";

const SECRET = "example-test-secret-of-at-least-32-bytes";
// The library's pages, where the app mounts them.
const DEVICES = "/account/devices";
const ADMIN = "/admin/sessions/";

let server: Awaited<ReturnType<typeof listen>>;
let sessions: OpenedStore;
let prefix: string;

// Opened the way server.ts opens it (a connected client), under a key prefix of this test's own.
beforeEach(async () => {
  prefix = uniquePrefix();
  sessions = await openStore({ url: inject("redisUrl"), prefix });
  server = await listen(
    createApp({ secret: SECRET, store: sessions.store, admins: ["root"] }).app.callback(),
  );
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
  await dropPrefix(sessions.client, prefix);
  await sessions.close();
});

/** Session records under this test's prefix: what Redis really holds. */
function storedSessions(): Promise<number> {
  return countSessions(sessions.client, prefix);
}

async function signIn(device: Device, username = "alice") {
  const reply = await device.post("/login", { username, password: "demo" });
  expect(reply.status).toBe(303);
  expect(reply.location).toBe(DEVICES);
  return reply;
}

/** The handle of the device's session, as the home page shows it. */
async function handleOf(device: Device): Promise<string> {
  return shownHandle((await device.get("/")).body);
}

describe("koa-redis example", () => {
  it("serves an anonymous visitor without a cookie or a stored session", async () => {
    const visitor = new Device(server.url, "visitor/1.0");
    const home = await visitor.get("/");
    expect(home.status).toBe(200);
    expect(home.body).toContain("Hello, visitor");
    expect(home.setCookies).toEqual([]);
    const login = await visitor.get("/login");
    expect(login.body).toContain("<code>demo</code>");
    expect(login.setCookies).toEqual([]);
    // The library's pages: the devices page sends a visitor to sign in, the admin page is 401.
    expect((await visitor.get(DEVICES)).location).toBe("/login");
    const admin = await visitor.get(ADMIN);
    expect(admin.status).toBe(401);
    expect(admin.body).toContain("Sign in required");
    expect(admin.setCookies).toEqual([]);
    expect(await storedSessions()).toBe(0);
  });

  it("signs in with a session cookie and lists this device on the devices page", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const login = await signIn(laptop);
    expect(login.setCookies).toHaveLength(1);
    expect(login.setCookies[0]).toMatch(
      /^sid=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const devices = await laptop.get(DEVICES);
    expect(devices.status).toBe(200);
    expect(devices.body).toContain("<h1>Signed-in devices (1)</h1>");
    expect(devices.body).toContain('<span class="badge">This device</span>');
    // The app's layout around the library's page.
    expect(devices.body).toContain('<a class="brand" href="/">sessionkit example</a>');
    const home = await laptop.get("/");
    expect(home.body).toContain("Welcome back, alice");
    expect(listedSessions(devices.body)).toEqual([shownHandle(home.body)]);
    expect((await laptop.get("/login")).location).toBe(DEVICES);
  });

  it("rejects a wrong password without creating a session", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const reply = await laptop.post("/login", { username: "alice", password: "nope" });
    expect(reply.status).toBe(401);
    expect(reply.body).toContain("wrong password");
    expect(reply.setCookies).toEqual([]);
    expect(await storedSessions()).toBe(0);
  });

  it("regenerates on sign-in: keeps anonymous data, retires the pre-login cookie", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const theme = await laptop.post("/theme", { theme: "dark" });
    expect(theme.location).toBe("/");
    const anonymousCookie = laptop.cookies.get("sid");
    expect(anonymousCookie).toBeDefined();
    await signIn(laptop);
    expect(laptop.cookies.get("sid")).not.toBe(anonymousCookie);
    expect((await laptop.get("/")).body).toContain('<body class="dark">');
    // The session, and for a minute the pre-login id's tombstone (no user, no data).
    expect(await storedSessions()).toBe(2);

    const attacker = new Device(server.url, "attacker/1.0");
    attacker.cookies.set("sid", anonymousCookie as string);
    expect((await attacker.get(DEVICES)).location).toBe("/login");
  });

  it("lists a second device and signs it out from the first", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const phone = new Device(server.url, "phone/2.0");
    await signIn(laptop);
    await signIn(phone);
    const phoneHandle = await handleOf(phone);
    const laptopHandle = await handleOf(laptop);

    const devices = await laptop.get(DEVICES);
    expect(listedSessions(devices.body).sort()).toEqual([laptopHandle, phoneHandle].sort());
    expect(devices.body).toContain('title="phone/2.0"');

    const signOut = await laptop.post(`${DEVICES}/sessions/${phoneHandle}/sign-out`);
    expect(signOut.status).toBe(303);
    expect(signOut.location).toBe(`${DEVICES}/?notice=Signed%20out%201%20device.`);
    const after = await laptop.get(signOut.location as string);
    expect(after.body).toContain("Signed out 1 device.");
    expect(listedSessions(after.body)).toEqual([laptopHandle]);

    // The phone still holds its cookie, but it no longer leads to a session.
    expect(phone.cookies.has("sid")).toBe(true);
    expect((await phone.get(DEVICES)).location).toBe("/login");
    expect((await phone.get("/")).body).toContain("Hello, visitor");
  });

  it("signs out all other devices but keeps the current one", async () => {
    const devices = ["laptop/1.0", "phone/2.0", "tablet/3.0"].map(
      (ua) => new Device(server.url, ua),
    );
    for (const device of devices) await signIn(device);
    const [laptop, phone, tablet] = devices as [Device, Device, Device];
    expect(listedSessions((await laptop.get(DEVICES)).body)).toHaveLength(3);
    expect((await laptop.post(`${DEVICES}/sign-out-others`)).status).toBe(303);
    expect(listedSessions((await laptop.get(DEVICES)).body)).toEqual([await handleOf(laptop)]);
    expect((await phone.get(DEVICES)).location).toBe("/login");
    expect((await tablet.get(DEVICES)).location).toBe("/login");
  });

  it("refuses to sign out a session of another user", async () => {
    const alice = new Device(server.url, "alice/1.0");
    const bob = new Device(server.url, "bob/1.0");
    await signIn(alice, "alice");
    await signIn(bob, "bob");
    const bobHandle = await handleOf(bob);
    expect((await alice.post(`${DEVICES}/sessions/${bobHandle}/sign-out`)).status).toBe(404);
    expect(listedSessions((await bob.get(DEVICES)).body)).toEqual([bobHandle]);
  });

  it("shows an admin one user's sessions and says why not all (Redis cannot list them)", async () => {
    const alice = new Device(server.url, "alice/1.0");
    const phone = new Device(server.url, "phone/2.0");
    const root = new Device(server.url, "root/1.0");
    await signIn(alice, "alice");
    await signIn(phone, "alice");
    await signIn(root, "root");
    const aliceHandle = await handleOf(alice);
    const phoneHandle = await handleOf(phone);

    const refused = await alice.get(ADMIN);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Forbidden");
    expect((await alice.get("/")).body).not.toContain("All sessions (admin)");

    // The whole list needs an index Redis does not keep: a message, not a 500.
    const page = await root.get(ADMIN);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<h1>Sessions</h1>");
    expect(page.body).toContain("This session store cannot list all sessions");
    expect(listedSessions(page.body)).toEqual([]);
    const json = await root.get("/admin/sessions/sessions");
    expect(json.status).toBe(501);
    expect(json.body).toContain("listSessions");

    // One user's sessions come from the per-user index.
    const filtered = await root.get(`${ADMIN}?userId=alice`);
    expect(filtered.status).toBe(200);
    expect(filtered.body).not.toContain("cannot list");
    expect(listedSessions(filtered.body).sort()).toEqual([aliceHandle, phoneHandle].sort());

    const revoke = await root.post(`/admin/sessions/ui/sessions/${phoneHandle}/revoke`);
    expect(revoke.status).toBe(303);
    expect(revoke.location).toBe(`${ADMIN}?notice=Revoked%201%20session.`);
    expect(listedSessions((await root.get(`${ADMIN}?userId=alice`)).body)).toEqual([aliceHandle]);
    expect((await phone.get(DEVICES)).location).toBe("/login");
    expect((await alice.get(DEVICES)).status).toBe(200);
  });

  it("takes the admins from ADMIN_USERS when not given", async () => {
    vi.stubEnv("ADMIN_USERS", "ops, carol");
    const app = await listen(createApp({ secret: SECRET, store: sessions.store }).app.callback());
    try {
      const carol = new Device(app.url, "carol/1.0");
      const admin = new Device(app.url, "admin/1.0");
      await carol.post("/login", { username: "carol", password: "demo" });
      await admin.post("/login", { username: "admin", password: "demo" });
      expect((await carol.get(ADMIN)).status).toBe(200);
      // "admin" is only the default, when ADMIN_USERS is not set.
      expect((await admin.get(ADMIN)).status).toBe(403);
    } finally {
      await app.close();
    }
  });

  it("signs out: clears the cookie and deletes the session", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const token = laptop.cookies.get("sid") as string;
    const logout = await laptop.post("/logout");
    expect(logout.status).toBe(303);
    expect(logout.location).toBe("/");
    expect(logout.setCookies).toHaveLength(1);
    expect(logout.setCookies[0]).toMatch(/^sid=; Max-Age=0; /);
    expect(laptop.cookies.has("sid")).toBe(false);
    expect(await storedSessions()).toBe(0);

    const replay = new Device(server.url, "laptop/1.0");
    replay.cookies.set("sid", token);
    expect((await replay.get(DEVICES)).location).toBe("/login");
  });

  it("escapes user input in the pages", async () => {
    const laptop = new Device(server.url, "<script>alert(1)</script>");
    await signIn(laptop, "<b>mallory</b>");
    expect((await laptop.get("/")).body).toContain("Welcome back, &lt;b&gt;mallory&lt;/b&gt;");
    const devices = await laptop.get(DEVICES);
    expect(devices.body).toContain('title="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(devices.body).not.toContain("<script>alert(1)</script>");
    const root = new Device(server.url, "root/1.0");
    await signIn(root, "root");
    const admin = await root.get(`${ADMIN}?userId=${encodeURIComponent("<b>mallory</b>")}`);
    expect(listedSessions(admin.body)).toHaveLength(1);
    expect(admin.body).toContain("&lt;b&gt;mallory&lt;/b&gt;");
    expect(admin.body).not.toContain("<b>mallory</b>");
  });

  it("answers 413 to an oversized form without touching the session", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const reply = await laptop.post("/login", { username: "a".repeat(5000), password: "demo" });
    expect(reply.status).toBe(413);
    expect(reply.setCookies).toEqual([]);
    expect(await storedSessions()).toBe(0);
  });

  it("answers 404 for an unknown page", async () => {
    const visitor = new Device(server.url, "visitor/1.0");
    const reply = await visitor.get("/nowhere");
    expect(reply.status).toBe(404);
    expect(reply.body).toContain("There is no page at this address.");
  });

  it("keeps sessions in Redis: a restarted app still knows the signed-in device", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const handle = await handleOf(laptop);
    await server.close();

    // A new process would open a new connection with the same prefix.
    const reopened = await openStore({ url: inject("redisUrl"), prefix });
    try {
      server = await listen(createApp({ secret: SECRET, store: reopened.store }).app.callback());
      const again = new Device(server.url, "laptop/1.0");
      for (const [name, value] of laptop.cookies) again.cookies.set(name, value);
      const home = await again.get("/");
      expect(home.status).toBe(200);
      expect(shownHandle(home.body)).toBe(handle);
      expect(listedSessions((await again.get(DEVICES)).body)).toEqual([handle]);
    } finally {
      await reopened.close();
    }
  });

  it("lets Redis expire a session at its idle deadline (PEXPIREAT)", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const handle = await handleOf(laptop);
    const [key] = await keysMatching(sessions.client, `${prefix}s:*`);
    const expireAt = await sessions.client.pexpiretime(key as string);
    const record = await sessions.store.get(handle);
    expect(expireAt).toBe(record?.expiresAt);
  });
});
