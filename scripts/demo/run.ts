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
    await laptop.post("/theme", { theme: "dark", back: "/" });
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
    const replay = await attacker.get("/dashboard");
    check(replay.location === "/login", "the pre-login cookie no longer opens a session");

    step(
      "Dashboard, right away",
      "Rolling sessions touch the store at most once per touchAfter window (1 minute here):",
      "an unmodified request inside it costs one read, no write and no Set-Cookie.",
    );
    const quick = await laptop.get("/dashboard");
    check(quick.status === 200 && quick.setCookies.length === 0, "200, no Set-Cookie");

    step(
      "Five minutes later (rolling)",
      "Past the window the idle expiry moves forward: the store is touched (version unchanged,",
      "no data rewrite) and the cookie is re-issued with a fresh Max-Age.",
    );
    now += 5 * MINUTE;
    const before = signedIn?.expiresAt ?? 0;
    const tokenBefore = laptop.cookies.get("sid");
    const later = await laptop.get("/dashboard");
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
      "POST /devices/:handle/revoke. The handle identifies a session but cannot be used as one.",
    );
    await laptop.post(`/devices/${phoneRecord?.id ?? "missing"}/revoke`);
    await showStore();
    const phoneAfter = await phone.get("/dashboard");
    check(phoneAfter.location === "/login", "the phone's next request is anonymous");

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
