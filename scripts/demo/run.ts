// The `pnpm demo` walkthrough: the Express example on an ephemeral port with a memory store,
// driven by real HTTP requests from two "devices", printing the cookies and the store at each
// step. Every claim it prints is checked; a failed check exits non-zero.
import { Device, listen } from "./http.js";
import { c, note, short, step } from "./print.js";

const MINUTE = 60_000;

// The core's types, reached through the example (the repository root does not depend on the
// workspace packages, so "@sessionkit/core" does not resolve from here).
type AppModule = typeof import("../../examples/express-memory/src/app.js");
type AppOptions = NonNullable<Parameters<AppModule["createApp"]>[0]>;
type SessionEvent = Parameters<NonNullable<NonNullable<AppOptions["session"]>["onEvent"]>>[0];
type SessionRecord = NonNullable<
  Awaited<ReturnType<ReturnType<AppModule["createApp"]>["store"]["get"]>>
>;

async function loadExample(): Promise<AppModule | undefined> {
  try {
    return await import("../../examples/express-memory/src/app.js");
  } catch (error) {
    // Before @sessionkit/express has landed, its index exports nothing called `session`.
    if (error instanceof SyntaxError && /export named 'session'/.test(error.message)) {
      return undefined;
    }
    throw error;
  }
}

function check(condition: boolean, claim: string): void {
  if (!condition) throw new Error(`demo check failed: ${claim}`);
  note(claim);
}

/** One row of the library's admin page, read back from its HTML. */
interface AdminRow {
  id: string;
  you: boolean;
  user: string;
  device: string;
  ip: string;
}

function adminRows(html: string): AdminRow[] {
  const row =
    /<tr data-session="([^"]+)">\s*<td>(.*?)<\/td>\s*<td>(.*?)<\/td><td>.*?<\/td>\s*<td title="[^"]*">(.*?)<\/td><td>(.*?)<\/td>/gs;
  return [...html.matchAll(row)].map((m) => ({
    id: m[1] ?? "",
    you: (m[2] ?? "").includes(">You<"),
    user: (m[3] ?? "").replace(/<[^>]+>/g, ""),
    device: m[4] ?? "",
    ip: m[5] ?? "",
  }));
}

function when(ms: number, now: number): string {
  const minutes = Math.round((ms - now) / MINUTE);
  return `${new Date(ms).toISOString()} (in ${Math.floor(minutes / 60)} h ${minutes % 60} min)`;
}

async function main(): Promise<void> {
  const example = await loadExample();
  if (!example) {
    console.log(
      "sessionkit demo: the bindings are not built yet (@sessionkit/express has no `session` " +
        "export). Nothing to show; exiting.",
    );
    return;
  }

  // A clock that stands still until the demo moves it, so "five minutes later" takes no time
  // and the printed times are exact.
  let now = Date.now();
  const clock = { now: () => now };
  const handles = new Set<string>();
  const onEvent = (event: SessionEvent) => {
    if ("id" in event && event.id) handles.add(event.id);
    const detail =
      event.type === "regenerated"
        ? `${short(event.id)} replaces ${short(event.previousId)} (deleted)`
        : "id" in event && event.id
          ? short(event.id)
          : "";
    const who = "userId" in event && event.userId ? ` user=${event.userId}` : "";
    console.log(`      ${c.dim(`event: ${event.type} ${detail}${who}`)}`);
  };

  const { app, store, sessions } = example.createApp({
    secret: "demo-secret-for-the-walkthrough-only-0123456789",
    clock,
    session: { onEvent },
    admins: ["admin"],
  });
  const server = await listen(app);
  console.log(c.bold("sessionkit demo: examples/express-memory on a memory store"));
  console.log(c.dim(`server: ${server.url} · tokens shortened to 8 characters`));

  const showStore = async (): Promise<SessionRecord[]> => {
    const live: SessionRecord[] = [];
    const tombstones: SessionRecord[] = [];
    for (const id of handles) {
      const record = await store.get(id);
      // A regeneration leaves a short-lived tombstone at the old id (no user, no data) so
      // requests still in flight with the old token keep the new cookie: not a session.
      if (record?.meta?.replaced === true) tombstones.push(record);
      else if (record) live.push(record);
    }
    console.log(`   ${c.bold(`store holds ${live.length} session(s)`)}`);
    for (const r of live) {
      console.log(
        `     ${short(r.id)}  userId=${r.userId ?? "null"}  version=${r.version}  ` +
          `expiresAt=${when(r.expiresAt, clock.now())}  data=${JSON.stringify(r.data)}`,
      );
    }
    for (const r of tombstones) {
      console.log(
        `     ${c.dim(`${short(r.id)}  tombstone of a regenerated session, gone ${when(r.expiresAt, clock.now())}`)}`,
      );
    }
    return live;
  };

  try {
    const laptop = new Device(
      "laptop",
      server.url,
      "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
    );
    const phone = new Device("phone", server.url, "Mozilla/5.0 (iPhone) AppleWebKit Safari/605.1");

    step("Anonymous visit", "Nothing to remember yet: no store write, no cookie.");
    const home = await laptop.get("/");
    check(home.setCookies.length === 0, "no Set-Cookie for an anonymous visitor");
    check((await showStore()).length === 0, "the store is empty");

    step(
      "An anonymous preference",
      "The first write to session.data creates the session and sends the cookie.",
    );
    await laptop.post("/theme", { theme: "dark" });
    const [anonymous] = await showStore();
    check(anonymous?.userId === null, "one anonymous session, holding the theme");
    const preLoginCookie = laptop.cookies.get("sid") ?? "";

    step(
      "Sign in (regenerate)",
      "Binding a user issues a NEW token; the old record becomes a short-lived tombstone that",
      "opens nothing, so a token planted before sign-in (session fixation) is worthless after",
      "it. The data (the theme) is kept.",
    );
    await laptop.post("/login", { username: "alice", password: "demo" });
    check(laptop.cookies.get("sid") !== preLoginCookie, "the cookie carries a new token");
    let [signedIn] = await showStore();
    check(
      signedIn?.userId === "alice" && signedIn.id !== anonymous?.id,
      "alice's session, new handle",
    );
    check(signedIn?.data.theme === "dark", "the theme survived the sign-in");
    const attacker = new Device("attacker", server.url, "curl/8");
    attacker.cookies.set("sid", preLoginCookie);
    const replay = await attacker.get("/account/devices");
    check(replay.location === "/login", "the pre-login cookie no longer opens a session");

    step(
      "Home page, right away",
      "Rolling sessions touch the store at most once per touchAfter window (1 minute here):",
      "an unmodified request inside it costs one read, no write and no Set-Cookie.",
    );
    const quick = await laptop.get("/");
    check(quick.status === 200 && quick.setCookies.length === 0, "200, no Set-Cookie");

    step(
      "Five minutes later (rolling)",
      "Past the window the idle expiry moves forward: the store is touched (version unchanged,",
      "no data rewrite) and the cookie is re-issued with a fresh Max-Age.",
    );
    now += 5 * MINUTE;
    const before = signedIn?.expiresAt ?? 0;
    const tokenBefore = laptop.cookies.get("sid");
    const later = await laptop.get("/");
    [signedIn] = await showStore();
    check(later.setCookies.length === 1, "the cookie was re-issued");
    check(laptop.cookies.get("sid") === tokenBefore, "same token, only its Max-Age restarts");
    check((signedIn?.expiresAt ?? 0) - before === 5 * MINUTE, "expiresAt moved 5 minutes");
    check(signedIn?.version === 1, "a touch, not a rewrite: version is still 1");

    step("A minute later, a second device signs in", "The phone gets its own session.");
    now += MINUTE;
    await phone.post("/login", { username: "alice", password: "demo" });
    await showStore();

    step("List alice's devices", "sessions.listByUser('alice'), newest activity first:");
    const devices = await sessions.listByUser("alice");
    for (const d of devices) {
      console.log(`     ${short(d.id)}  ${d.meta.userAgent ?? "?"}  ip=${d.meta.ip ?? "?"}`);
    }
    const [phoneRecord] = devices;
    check(devices.length === 2, "two signed-in devices");
    check(
      phoneRecord?.meta.userAgent?.includes("iPhone") === true,
      "the phone, most recent, first",
    );

    step(
      "The laptop signs the phone out",
      "The library's devices page (sessionDevicesRouter, at /account/devices) posts",
      "sessions/:handle/sign-out. The handle identifies a session but cannot be used as one.",
    );
    const signOut = await laptop.post(
      `/account/devices/sessions/${phoneRecord?.id ?? "missing"}/sign-out`,
    );
    check(signOut.status === 303, "303 back to the devices page, with a notice");
    await showStore();
    const phoneAfter = await phone.get("/account/devices");
    check(phoneAfter.location === "/login", "the phone's next request is anonymous");

    step(
      "The admin page",
      "The library's admin page (sessionAdminRouter, at /admin/sessions/) lists every live",
      "session. The app's authorize callback lets in the users it names (here: admin): alice",
      "is refused, the admin sees alice's laptop and its own session, never the data.",
    );
    const refused = await laptop.get("/admin/sessions/");
    check(refused.status === 403, "alice (signed in, not an admin) gets 403");
    const operator = new Device(
      "admin",
      server.url,
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    );
    await operator.post("/login", { username: "admin", password: "demo" });
    const adminPage = await operator.get("/admin/sessions/");
    check(adminPage.status === 200, "the admin gets the page");
    const rows = adminRows(adminPage.body);
    console.log(`   ${c.bold(`the admin page lists ${rows.length} session(s)`)}`);
    for (const row of rows) {
      console.log(
        `     ${short(row.id)}  user=${row.user}  device=${row.device}  ip=${row.ip}` +
          (row.you ? "  (you)" : ""),
      );
    }
    check(
      rows
        .map((row) => row.user)
        .sort()
        .join(",") === "admin,alice",
      "alice's laptop and the admin's own session; the signed-out phone is gone",
    );
    const aliceRow = rows.find((row) => row.user === "alice");
    check(
      aliceRow?.id === signedIn?.id && aliceRow?.device === "Firefox on Linux",
      "alice's row: her laptop's handle, labelled from its User-Agent",
    );
    check(rows.find((row) => row.you)?.user === "admin", "the admin's own session is marked");
    check(!adminPage.body.includes('"theme"'), "no session data on the page");
    await operator.post("/logout");

    step("Sign out", "destroy(): the record is deleted and the cookie cleared (Max-Age=0).");
    const logout = await laptop.post("/logout");
    check(logout.setCookies[0]?.startsWith("sid=;") === true, "the cookie is cleared");
    check((await showStore()).length === 0, "the store is empty again");
  } finally {
    await server.close();
  }
  console.log(
    `\n${c.green("Demo finished.")} Try it in a browser: pnpm --filter @sessionkit-examples/express-memory start`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
