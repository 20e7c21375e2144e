import type { TokenTransport } from "@sessionkit/core";
import fc from "fast-check";
import { describe, type ExpectStatic, it, onTestFinished } from "vitest";
import { parseSetCookie } from "../client.js";
import { OLD_SECRET, openContext, SECRET } from "../context.js";
import type { BindingHarness } from "../harness.js";
import type { SessionView } from "../routes.js";
import { authorizationHeader, cookieHeader } from "./headers.js";
import { type Presented, presentedByBearer, presentedByCookie } from "./oracle.js";
import { type TokenKit, tokenKit } from "./tokens.js";
import { WireClient, type WireResponse } from "./wire.js";

/** A 32+ character secret the app is never given: tokens signed with it must be rejected. */
const RETIRED_SECRET = "binding-fuzz-retired-secret-0123456789ab";
/** Largest generated header, in bytes: under Node's 16 KB limit, so every request reaches the app. */
const MAX_HEADER_BYTES = 14_000;
const DEFAULT_RUNS = 10_000;
/** Fixed so `pnpm test` sees the same inputs every time; override to explore. */
const DEFAULT_SEED = 20_261_203;

export interface BindingFuzzOptions {
  /**
   * Generated headers per transport.
   * @default 10_000
   */
  numRuns?: number;
  /**
   * fast-check seed. A failure report prints the seed and path that replay it.
   * @default the SESSIONKIT_FUZZ_SEED environment variable, else a fixed seed
   */
  seed?: number;
  /**
   * Time limit of one transport's run in ms.
   * @default 120_000
   */
  timeout?: number;
}

/** What the reply must show for what the request presented (one transport's view of it). */
interface Expectation {
  transport: TokenTransport;
  /** The request's headers, generated. */
  headers(kit: TokenKit): fc.Arbitrary<Record<string, string | string[]>>;
  presented(kit: TokenKit, headers: Record<string, string | string[]>): Presented;
  /** "absent", "cleared", or the token value the reply re-issued. */
  tokenReply(response: WireResponse): "absent" | "cleared" | string;
  /** The signed value of the session a login reply issued. */
  loginToken(response: {
    headers: Headers;
    setCookies: Array<{ name: string; value: string }>;
  }): string;
}

const COOKIE: Expectation = {
  transport: "cookie",
  headers: (kit) => cookieHeader(kit, MAX_HEADER_BYTES).map((cookie) => ({ cookie })),
  presented: (kit, headers) => presentedByCookie(kit, headers.cookie as string, "sid"),
  tokenReply(response) {
    const sid = response.setCookies.map(parseSetCookie).filter((c) => c.name === "sid");
    if (sid.length === 0) return "absent";
    if (sid.length > 1) throw new Error(`several Set-Cookie for sid: ${response.setCookies}`);
    const [cookie] = sid as [ReturnType<typeof parseSetCookie>];
    return cookie.value === "" && cookie.attributes.get("max-age") === "0"
      ? "cleared"
      : cookie.value;
  },
  loginToken: (response) => response.setCookies.find((c) => c.name === "sid")?.value ?? "",
};

const BEARER: Expectation = {
  transport: { header: "authorization" },
  headers: (kit) =>
    authorizationHeader(kit, MAX_HEADER_BYTES).map((authorization) => ({ authorization })),
  presented: (kit, headers) => presentedByBearer(kit, headers.authorization as string[]),
  tokenReply(response) {
    const token = response.headers["x-session-token"];
    if (token === undefined) return "absent";
    return token === "" ? "cleared" : String(token);
  },
  loginToken: (response) => response.headers.get("x-session-token") ?? "",
};

function check(
  expect: ExpectStatic,
  kit: TokenKit,
  presented: Presented,
  response: WireResponse,
  reply: string,
  reads: number,
  calls: number,
): void {
  // A 5xx, a 4xx or a dropped connection would all be wrong: hostile input yields a fresh session.
  expect(response.status, response.body).toBe(200);
  const view = JSON.parse(response.body) as SessionView;
  if (presented === "none" || presented === "bad") {
    // Nothing well-signed was presented: the store is never asked (no amplification of junk).
    expect(calls, "store calls").toBe(0);
    expect(view.isNew).toBe(true);
    expect(reply).toBe(presented === "none" ? "absent" : "cleared");
  } else if (presented === "unknown") {
    expect(reads, "store reads").toBe(1);
    expect(view.isNew).toBe(true);
    expect(reply).toBe("cleared");
  } else {
    expect(reads, "store reads").toBe(1);
    expect(view.userId).toBe("u1");
    expect(view.isNew).toBe(false);
    // Kept, or re-issued under the current secret after an old-key token (rotation).
    expect(["absent", kit.live]).toContain(reply);
  }
}

function registerTransport(
  title: string,
  expectation: Expectation,
  harness: BindingHarness,
  options: BindingFuzzOptions,
): void {
  const numRuns = options.numRuns ?? DEFAULT_RUNS;
  const envSeed = Number.parseInt(process.env.SESSIONKIT_FUZZ_SEED ?? "", 10);
  const seed = options.seed ?? (Number.isSafeInteger(envSeed) ? envSeed : DEFAULT_SEED);
  it(title, { timeout: options.timeout ?? 120_000, retry: 0 }, async ({ expect }) => {
    const { client, store } = await openContext(harness, {
      secret: [SECRET, OLD_SECRET],
      transport: expectation.transport,
    });
    const login = await client.get("/session/login?user=u1", { jar: false });
    const kit = tokenKit(expectation.loginToken(login), {
      current: SECRET,
      old: OLD_SECRET,
      retired: RETIRED_SECRET,
    });
    const wire = new WireClient(client.baseUrl);
    onTestFinished(() => wire.close());
    const seen: Record<Presented, number> = { none: 0, bad: 0, live: 0, unknown: 0 };
    await fc.assert(
      fc.asyncProperty(expectation.headers(kit), async (headers) => {
        const presented = expectation.presented(kit, headers);
        seen[presented]++;
        store.reset();
        const response = await wire.get("/session", headers);
        const reply = expectation.tokenReply(response);
        check(expect, kit, presented, response, reply, store.count("get"), store.count());
      }),
      { numRuns, seed },
    );
    // Every class of input was generated often enough to mean something.
    for (const [name, count] of Object.entries(seen)) {
      expect(count, `${name} inputs`).toBeGreaterThan(numRuns / 50);
    }
    // Still answering, and the live session survived everything thrown at it.
    const after = await wire.get(
      "/session",
      expectation.transport === "cookie"
        ? { cookie: `sid=${kit.live}` }
        : { authorization: `Bearer ${kit.live}` },
    );
    expect((JSON.parse(after.body) as SessionView).userId).toBe("u1");
  });
}

/**
 * Property-based fuzzing of one binding over real HTTP: `numRuns` generated Cookie headers and
 * as many Authorization headers (header transport), built from a live session's token and near
 * misses of it (bad, truncated and retired-key signatures, old-key rotation, unknown tokens,
 * duplicates, stray separators, unicode, empty and oversize values). For each: status 200, no
 * store call unless a well-signed token was presented, and a dead token cleared in the reply.
 * Same harness as `describeBindingConformance`.
 */
export function describeBindingFuzz(
  name: string,
  harness: BindingHarness,
  options: BindingFuzzOptions = {},
): void {
  describe(name, () => {
    registerTransport("fuzz/cookie-header: generated Cookie headers", COOKIE, harness, options);
    registerTransport(
      "fuzz/authorization-header: generated Authorization headers",
      BEARER,
      harness,
      options,
    );
  });
}
