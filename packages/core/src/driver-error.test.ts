import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { SessionStoreError } from "./errors.js";
import { storeCall } from "./store-call.js";

const SECRET = "oauth-access-token-5f2b9c";

class DriverError extends Error {
  override name = "DriverError";
}

/** What drivers put on their errors: the failed statement, its values, the document. */
function leakyError(): Error {
  return Object.assign(
    new DriverError(
      `insert into \`sessions\` (\`data\`) values ('{"oauthAccessToken":"${SECRET}"}') - SQLITE_CONSTRAINT: NOT NULL constraint failed`,
    ),
    {
      code: "SQLITE_CONSTRAINT_NOTNULL",
      errno: 1299,
      sql: `insert into sessions values ('${SECRET}')`,
      sqlMessage: `Incorrect string value: '${SECRET}'`,
      detail: `Key (data)=(${SECRET}) already exists.`,
      parameters: [SECRET],
      keyValue: { data: SECRET },
      errorResponse: { errmsg: SECRET },
    },
  );
}

async function caught(error: unknown): Promise<SessionStoreError> {
  return storeCall("store-test", "set", () => Promise.reject(error)).then(
    () => expect.unreachable("storeCall should reject"),
    (e: unknown) => e as SessionStoreError,
  );
}

describe("a store error never quotes the driver's message", () => {
  it("keeps no session data in the message, the cause, String() or util.inspect", async () => {
    const error = await caught(leakyError());
    expect(error).toBeInstanceOf(SessionStoreError);
    for (const text of [
      error.message,
      String(error),
      error.stack ?? "",
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      JSON.stringify(error.cause),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("insert into");
    }
  });

  it("keeps the driver's class and identifying fields, so the cause is still useful", async () => {
    const error = await caught(leakyError());
    expect(error.message).toBe(
      "[sessionkit/store-test] set failed: DriverError SQLITE_CONSTRAINT_NOTNULL errno 1299",
    );
    expect(error.cause).toBeInstanceOf(DriverError);
    expect(error.cause).toMatchObject({ code: "SQLITE_CONSTRAINT_NOTNULL", errno: 1299 });
  });

  it("names a connection failure by its syscall and address", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), {
      code: "ECONNREFUSED",
      errno: -111,
      syscall: "connect",
      address: "127.0.0.1",
      port: 6379,
    });
    const error = await caught(refused);
    expect(error.message).toBe(
      "[sessionkit/store-test] set failed: ECONNREFUSED errno -111 (connect 127.0.0.1:6379)",
    );
  });

  it("keeps the kind of a Redis error reply and nothing after it", async () => {
    class ReplyError extends Error {
      override name = "ReplyError";
    }
    const error = await caught(new ReplyError(`NOSCRIPT No matching script ${SECRET}`));
    expect(error.message).toBe("[sessionkit/store-test] set failed: ReplyError NOSCRIPT");
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  it("describes a thrown non-error by its type only", async () => {
    const error = await caught(SECRET);
    expect(error.message).toBe("[sessionkit/store-test] set failed: string");
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });
});
