import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createApp } from "../src/app.js";
import { type OpenedStore, openStore } from "../src/store.js";
import { Device, listedDevices, listen, shownHandle } from "./device.js";
import { countRows, databaseFor, uniqueTableName } from "./support.js";

const SECRET = "example-test-secret-of-at-least-32-bytes";

async function signIn(device: Device, username = "alice") {
  const reply = await device.post("/login", { username, password: "demo" });
  expect(reply.status).toBe(303);
  expect(reply.location).toBe("/dashboard");
  return reply;
}

// SQLite, PostgreSQL and MariaDB (global-setup.ts).
describe.each(inject("sqlTargets"))("express-sql example on $name", (target) => {
  let server: Awaited<ReturnType<typeof listen>>;
  let sessions: OpenedStore;
  let database: ReturnType<typeof databaseFor>;
  let tableName: string;

  // Opened the way server.ts opens it (table created, cleanup runner started), on a table of
  // this test's own (and for SQLite a file of its own).
  beforeEach(async () => {
    database = databaseFor(target);
    tableName = uniqueTableName();
    sessions = await openStore({ url: database.url, tableName });
    server = await listen(createApp({ secret: SECRET, store: sessions.store }).app);
  });

  afterEach(async () => {
    await server.close();
    await sessions.knex.schema.dropTableIfExists(tableName);
    await sessions.close();
    await database.release();
  });

  /** Rows in this test's session table: what the database really holds. */
  function storedSessions(): Promise<number> {
    return countRows(sessions.knex, tableName);
  }

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

  it("keeps sessions in the database: a restarted app still knows the signed-in device", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const handle = shownHandle((await laptop.get("/dashboard")).body);
    await server.close();

    // A new process would open a new pool on the same database and find the table there.
    const reopened = await openStore({ url: database.url, tableName });
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

  it("runs cleanup on an interval: expired rows are deleted, live ones stay", async () => {
    const laptop = new Device(server.url, "laptop/1.0");
    await signIn(laptop);
    const now = Date.now();
    await sessions.store.set(
      {
        id: "expired-session-of-the-cleanup-test",
        userId: "alice",
        data: {},
        createdAt: now - 7_200_000,
        lastActiveAt: now - 7_200_000,
        expiresAt: now - 3_600_000,
        meta: {},
        version: 1,
      },
      null,
    );
    expect(await storedSessions()).toBe(2);

    // A second store on the same table, with a short interval: its first deleting run reports.
    let report: (count: number) => void = () => {};
    const deleted = new Promise<number>((resolve) => {
      report = resolve;
    });
    const onCleanup = (count: number) => {
      if (count > 0) report(count);
    };
    const fast = await openStore({ url: database.url, tableName, cleanupInterval: 20, onCleanup });
    try {
      expect(await deleted).toBe(1);
    } finally {
      await fast.close();
    }
    expect(await storedSessions()).toBe(1);
    expect((await laptop.get("/dashboard")).status).toBe(200);
  });
});
