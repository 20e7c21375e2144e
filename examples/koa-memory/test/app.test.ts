import { MemoryStore } from "@sessionkit/store-memory";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app.js";
import { Device, listedSessions, listen, shownHandle } from "./device.js";

const SECRET = "example-test-secret-of-at-least-32-bytes";
// The library's pages, where the app mounts them.
const DEVICES = "/account/devices";
const ADMIN = "/admin/sessions/";

let server: Awaited<ReturnType<typeof listen>>;
let store: MemoryStore;

beforeEach(async () => {
  store = new MemoryStore({ sweepInterval: 0 });
  server = await listen(createApp({ secret: SECRET, store, admins: ["root"] }).app.callback());
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

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

describe("koa-memory example", () => {
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
    expect(store.size).toBe(0);
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
    expect(store.size).toBe(0);
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
    expect(store.size).toBe(2);

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

  it("shows every session to an admin only, who can revoke any of them", async () => {
    const alice = new Device(server.url, "alice/1.0");
    const root = new Device(server.url, "root/1.0");
    await signIn(alice, "alice");
    await signIn(root, "root");
    const aliceHandle = await handleOf(alice);
    const rootHandle = await handleOf(root);

    const refused = await alice.get(ADMIN);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Forbidden");
    expect((await alice.get("/")).body).not.toContain("All sessions (admin)");
    expect((await root.get("/")).body).toContain(
      '<a href="/admin/sessions/">All sessions (admin)</a>',
    );

    const page = await root.get(ADMIN);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<h1>Sessions</h1>");
    expect(page.body).toContain('<a class="brand" href="/">sessionkit example</a>');
    expect(listedSessions(page.body).sort()).toEqual([aliceHandle, rootHandle].sort());

    const revoke = await root.post(`/admin/sessions/ui/sessions/${aliceHandle}/revoke`);
    expect(revoke.status).toBe(303);
    expect(revoke.location).toBe(`${ADMIN}?notice=Revoked%201%20session.`);
    expect(listedSessions((await root.get(ADMIN)).body)).toEqual([rootHandle]);
    expect((await alice.get(DEVICES)).location).toBe("/login");
  });

  it("takes the admins from ADMIN_USERS when not given", async () => {
    vi.stubEnv("ADMIN_USERS", "ops, carol");
    const app = await listen(createApp({ secret: SECRET, store }).app.callback());
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
    expect(store.size).toBe(0);

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
    const admin = await root.get(ADMIN);
    expect(admin.body).toContain("&lt;b&gt;mallory&lt;/b&gt;");
    expect(admin.body).not.toContain("<b>mallory</b>");
  });

  it("answers 413 to an oversized form without touching the session", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const reply = await laptop.post("/login", { username: "a".repeat(5000), password: "demo" });
    expect(reply.status).toBe(413);
    expect(reply.setCookies).toEqual([]);
    expect(store.size).toBe(0);
  });

  it("answers 404 for an unknown page", async () => {
    const visitor = new Device(server.url, "visitor/1.0");
    const reply = await visitor.get("/nowhere");
    expect(reply.status).toBe(404);
    expect(reply.body).toContain("There is no page at this address.");
  });

  it("rotates secrets: a cookie signed with the previous secret still works and is re-signed", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const oldCookie = laptop.cookies.get("sid");
    const rotated = await listen(
      createApp({
        secret: ["next-example-secret-of-at-least-32-bytes", SECRET],
        store,
      }).app.callback(),
    );
    try {
      const sameLaptop = new Device(rotated.url, "laptop/1.0");
      sameLaptop.cookies.set("sid", oldCookie as string);
      const home = await sameLaptop.get("/");
      expect(home.status).toBe(200);
      expect(home.body).toContain("Welcome back, alice");
      expect(sameLaptop.cookies.get("sid")).not.toBe(oldCookie);
      expect((await sameLaptop.get(DEVICES)).status).toBe(200);
    } finally {
      await rotated.close();
    }
  });
});
