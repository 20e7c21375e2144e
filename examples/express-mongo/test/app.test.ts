import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createApp } from "../src/app.js";
import { type OpenedStore, openStore } from "../src/store.js";
import { Device, listedDevices, listen, shownHandle } from "./device.js";
import { dropCollection, uniqueCollectionName } from "./support.js";

const SECRET = "example-test-secret-of-at-least-32-bytes";

let server: Awaited<ReturnType<typeof listen>>;
let sessions: OpenedStore;

// Opened the way server.ts opens it (client, indexes), on a collection of this test's own.
beforeEach(async () => {
  sessions = await openStore({ url: inject("mongoUrl"), collectionName: uniqueCollectionName() });
  server = await listen(createApp({ secret: SECRET, store: sessions.store }).app);
});

afterEach(async () => {
  await server.close();
  await dropCollection(sessions.store);
  await sessions.close();
});

/** Session documents in this test's collection: what the database really holds. */
function storedSessions(): Promise<number> {
  return sessions.store.collection.countDocuments();
}

async function signIn(device: Device, username = "alice") {
  const reply = await device.post("/login", { username, password: "demo" });
  expect(reply.status).toBe(303);
  expect(reply.location).toBe("/dashboard");
  return reply;
}

describe("express-mongo example", () => {
  it("serves an anonymous visitor without a cookie or a stored session", async () => {
    const visitor = new Device(server.url, "visitor/1.0");
    const home = await visitor.get("/");
    expect(home.status).toBe(200);
    expect(home.body).toContain("Hello, visitor");
    expect(home.setCookies).toEqual([]);
    const login = await visitor.get("/login");
    expect(login.body).toContain("<code>demo</code>");
    expect(login.setCookies).toEqual([]);
    expect(await storedSessions()).toBe(0);
    expect((await visitor.get("/dashboard")).location).toBe("/login");
  });

  it("signs in with a session cookie and shows the user on the dashboard", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const login = await signIn(laptop);
    expect(login.setCookies).toHaveLength(1);
    expect(login.setCookies[0]).toMatch(
      /^sid=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const dashboard = await laptop.get("/dashboard");
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain("Hello, alice");
    expect(dashboard.body).toContain('<td id="session-user">alice</td>');
    expect(listedDevices(dashboard.body)).toEqual([shownHandle(dashboard.body)]);
    expect((await laptop.get("/")).body).toContain("Welcome back, alice");
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
    const theme = await laptop.post("/theme", { theme: "dark", back: "/login" });
    expect(theme.location).toBe("/login");
    const anonymousCookie = laptop.cookies.get("sid");
    expect(anonymousCookie).toBeDefined();
    await signIn(laptop);
    expect(laptop.cookies.get("sid")).not.toBe(anonymousCookie);
    const dashboard = await laptop.get("/dashboard");
    expect(dashboard.body).toContain('<body class="dark">');
    // The session, and for a minute the pre-login id's tombstone (no user, no data).
    expect(await storedSessions()).toBe(2);

    const attacker = new Device(server.url, "attacker/1.0");
    attacker.cookies.set("sid", anonymousCookie as string);
    expect((await attacker.get("/dashboard")).location).toBe("/login");
  });

  it("lists a second device and signs it out from the first", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    const phone = new Device(server.url, "phone/2.0");
    await signIn(laptop);
    await signIn(phone);
    const phoneHandle = shownHandle((await phone.get("/dashboard")).body);

    const dashboard = await laptop.get("/dashboard");
    const laptopHandle = shownHandle(dashboard.body);
    expect(listedDevices(dashboard.body).sort()).toEqual([laptopHandle, phoneHandle].sort());
    expect(dashboard.body).toContain('title="phone/2.0"');

    const revoke = await laptop.post(`/devices/${phoneHandle}/revoke`);
    expect(revoke.status).toBe(303);
    expect(listedDevices((await laptop.get("/dashboard")).body)).toEqual([laptopHandle]);

    // The phone still holds its cookie, but it no longer leads to a session.
    expect(phone.cookies.has("sid")).toBe(true);
    expect((await phone.get("/dashboard")).location).toBe("/login");
    expect((await phone.get("/")).body).toContain("Hello, visitor");
  });

  it("signs out all other devices but keeps the current one", async () => {
    const devices = ["laptop/1.0", "phone/2.0", "tablet/3.0"].map(
      (ua) => new Device(server.url, ua),
    );
    for (const device of devices) await signIn(device);
    const [laptop, phone, tablet] = devices as [Device, Device, Device];
    expect(listedDevices((await laptop.get("/dashboard")).body)).toHaveLength(3);
    await laptop.post("/devices/revoke-others");
    expect(listedDevices((await laptop.get("/dashboard")).body)).toHaveLength(1);
    expect((await phone.get("/dashboard")).location).toBe("/login");
    expect((await tablet.get("/dashboard")).location).toBe("/login");
  });

  it("refuses to revoke a session of another user", async () => {
    const alice = new Device(server.url, "alice/1.0");
    const bob = new Device(server.url, "bob/1.0");
    await signIn(alice, "alice");
    await signIn(bob, "bob");
    const bobHandle = shownHandle((await bob.get("/dashboard")).body);
    expect((await alice.post(`/devices/${bobHandle}/revoke`)).status).toBe(404);
    expect((await bob.get("/dashboard")).status).toBe(200);
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
    expect((await replay.get("/dashboard")).location).toBe("/login");
  });

  it("escapes user input in the pages", async () => {
    const laptop = new Device(server.url, "<script>alert(1)</script>");
    await signIn(laptop, "<b>mallory</b>");
    const dashboard = await laptop.get("/dashboard");
    expect(dashboard.body).toContain("Hello, &lt;b&gt;mallory&lt;/b&gt;");
    expect(dashboard.body).not.toContain("<script>alert(1)</script>");
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

  it("keeps sessions in MongoDB: a restarted app still knows the signed-in device", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const handle = shownHandle((await laptop.get("/dashboard")).body);
    await server.close();

    // A new process would open a new client on the same collection.
    const collectionName = sessions.store.collection.collectionName;
    const reopened = await openStore({ url: inject("mongoUrl"), collectionName });
    try {
      server = await listen(createApp({ secret: SECRET, store: reopened.store }).app);
      const again = new Device(server.url, "laptop/1.0");
      for (const [name, value] of laptop.cookies) again.cookies.set(name, value);
      const dashboard = await again.get("/dashboard");
      expect(dashboard.status).toBe(200);
      expect(shownHandle(dashboard.body)).toBe(handle);
    } finally {
      await reopened.close();
    }
  });
});
