import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type DeferEndHooks, deferEnd } from "../src/defer-end.js";

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A promise with its resolve function, to hold the commit until the test lets it go. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

type Outcome = { status: number; error: boolean };

/** Hooks that record what deferEnd asked, with a commit the test can replace. */
function hooks(overrides: Partial<DeferEndHooks> = {}) {
  const outcomes: Outcome[] = [];
  const failures: unknown[] = [];
  let errored = false;
  const value: DeferEndHooks = {
    async commit(outcome) {
      outcomes.push(outcome);
    },
    errored: () => errored,
    fail(error) {
      failures.push(error);
    },
    ...overrides,
  };
  return {
    value,
    outcomes,
    failures,
    setErrored() {
      errored = true;
    },
  };
}

describe("deferEnd", () => {
  it("holds writeHead, write and end until the commit settles, then replays them in order", async () => {
    const events: string[] = [];
    const gate = deferred();
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        hooks({
          async commit() {
            events.push("commit:start");
            await gate.promise;
            res.appendHeader("set-cookie", "sid=1");
            events.push("commit:done");
          },
          fail: () => events.push("fail"),
        }).value,
      );
      res.writeHead(201, { "content-type": "text/plain", "set-cookie": "other=2" });
      // A held response counts as started: Express's error path must not answer into it.
      expect(res.headersSent).toBe(true);
      expect(res.write("a")).toBe(true);
      res.write("b", () => events.push("write-callback"));
      res.end("c", () => events.push("end-callback"));
      events.push("handler:returned");
      setImmediate(() => setImmediate(gate.resolve));
    });
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("abc");
    // Both cookies survive: writeHead's own Set-Cookie does not replace the committed one.
    expect(response.headers.getSetCookie().sort()).toEqual(["other=2", "sid=1"]);
    expect(events.slice(0, 3)).toEqual(["handler:returned", "commit:start", "commit:done"]);
    expect(events).toContain("write-callback");
    expect(events).toContain("end-callback");
    expect(events).not.toContain("fail");
  });

  it("starts on flushHeaders too, so early-flushed headers still carry the cookie", async () => {
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        hooks({
          async commit() {
            res.appendHeader("set-cookie", "sid=1");
          },
        }).value,
      );
      res.setHeader("content-type", "text/plain");
      res.flushHeaders();
      res.write("streamed");
      res.end();
    });
    const response = await fetch(url);
    expect(response.headers.getSetCookie()).toEqual(["sid=1"]);
    expect(await response.text()).toBe("streamed");
  });

  it("lets a complete answer go out unheld when the commit settles synchronously", async () => {
    const events: string[] = [];
    const url = await serve((_req, res) => {
      const recorded = hooks({
        commit(outcome) {
          events.push(`commit:${outcome.status}`);
          res.appendHeader("set-cookie", "sid=; Max-Age=0");
          return undefined;
        },
      });
      deferEnd(res, recorded.value);
      res.statusCode = 404;
      res.end("gone", () => events.push("end-callback"));
      // Not held: Node has the answer already, so headersSent is Node's own (true).
      events.push(`handler:returned:${res.headersSent}`);
    });
    const response = await fetch(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("gone");
    expect(response.headers.getSetCookie()).toEqual(["sid=; Max-Age=0"]);
    expect(events.slice(0, 2)).toEqual(["commit:404", "handler:returned:true"]);
    expect(events).toContain("end-callback");
  });

  it("holds a complete answer Node would refuse even when the commit settles synchronously, and fails it", async () => {
    let answer: import("node:http").ServerResponse | undefined;
    const recorded = hooks({
      commit(outcome) {
        recorded.outcomes.push(outcome);
        return undefined;
      },
      fail(error) {
        recorded.failures.push(error);
        answer?.end("failed");
      },
    });
    const url = await serve((_req, res) => {
      answer = res;
      deferEnd(res, recorded.value);
      res.end(123 as unknown as string);
    });
    const response = await fetch(url);
    expect([response.status, await response.text()]).toEqual([500, "failed"]);
    expect(recorded.outcomes).toEqual([{ status: 200, error: true }]);
    expect(recorded.failures).toEqual([expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" })]);
  });

  it("hands a commit that throws synchronously to fail, as a rejected one", async () => {
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        hooks({
          commit() {
            throw new Error("cannot serialise the session");
          },
          fail(error) {
            expect(res.headersSent).toBe(false);
            res.end(`failed: ${(error as Error).message} (${res.statusCode})`);
          },
        }).value,
      );
      res.end("the handler's answer");
    });
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("failed: cannot serialise the session (500)");
  });

  it("stacks two holds on one response (two session middlewares): both commit, in order", async () => {
    const events: string[] = [];
    const url = await serve((_req, res) => {
      for (const name of ["outer", "inner"]) {
        deferEnd(
          res,
          hooks({
            async commit() {
              events.push(`commit:${name}`);
              await new Promise((resolve) => setImmediate(resolve));
              res.appendHeader("set-cookie", `${name}=1`);
            },
          }).value,
        );
      }
      res.write("a");
      res.end("b");
    });
    const response = await fetch(url);
    expect(await response.text()).toBe("ab");
    expect(response.headers.getSetCookie().sort()).toEqual(["inner=1", "outer=1"]);
    expect(events).toEqual(["commit:inner", "commit:outer"]);
  });

  it("drops the held calls and hands over to fail when the commit rejects", async () => {
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        hooks({
          commit: () => Promise.reject(new Error("store down")),
          fail(error) {
            // The original methods are back and headers cleared: the error path responds.
            expect(res.getHeader("x-handler")).toBeUndefined();
            expect(res.headersSent).toBe(false);
            res.end(`failed: ${(error as Error).message} (${res.statusCode})`);
          },
        }).value,
      );
      res.setHeader("x-handler", "1");
      res.end("the handler's answer");
    });
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("failed: store down (500)");
  });

  it("reports the status of a held writeHead, not the one set before it", async () => {
    const recorded = hooks();
    const url = await serve((_req, res) => {
      deferEnd(res, recorded.value);
      res.statusCode = 200;
      res.writeHead(503);
      res.end("busy");
    });
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(recorded.outcomes).toEqual([{ status: 503, error: false }]);
  });

  it.each([
    [
      "a header value outside Latin-1",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, { "content-disposition": 'attachment; filename="✓.txt"' }).end("x"),
      "ERR_INVALID_CHAR",
    ],
    [
      "an invalid status",
      (res: import("node:http").ServerResponse) => res.writeHead(1000).end("x"),
      "ERR_HTTP_INVALID_STATUS_CODE",
    ],
    [
      "a numeric chunk",
      (res: import("node:http").ServerResponse) => {
        res.write(123 as unknown as string);
        res.end();
      },
      "ERR_INVALID_ARG_TYPE",
    ],
    [
      "a header name Node rejects, in a raw array",
      (res: import("node:http").ServerResponse) => res.writeHead(200, ["bad name", "1"]).end(),
      "ERR_INVALID_HTTP_TOKEN",
    ],
    [
      "a reason phrase with a line break, in writeHead",
      (res: import("node:http").ServerResponse) => res.writeHead(200, "OK\r\nX-Injected: 1").end(),
      "ERR_INVALID_CHAR",
    ],
    [
      "a reason phrase with a line break, in res.statusMessage",
      (res: import("node:http").ServerResponse) => {
        res.statusMessage = "OK\nX-Injected: 1";
        res.end("x");
      },
      "ERR_INVALID_CHAR",
    ],
    [
      "a raw header array of odd length",
      (res: import("node:http").ServerResponse) => res.writeHead(200, ["X-App"]).end(),
      "ERR_INVALID_ARG_VALUE",
    ],
    [
      "an undefined header value, in an object",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, { "x-app": undefined } as unknown as Record<string, string>).end(),
      "ERR_HTTP_INVALID_HEADER_VALUE",
    ],
    [
      "a [name] pair without a value",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, [["x-app"]] as unknown as string[]).end(),
      "ERR_HTTP_INVALID_HEADER_VALUE",
    ],
    [
      "a header value outside Latin-1 inside an array value",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, { "x-app": ["ok", "✓"] }).end(),
      "ERR_INVALID_CHAR",
    ],
    [
      "a second writeHead",
      (res: import("node:http").ServerResponse) => {
        res.writeHead(200);
        res.writeHead(201);
        res.end();
      },
      "ERR_HTTP_HEADERS_SENT",
    ],
    [
      "a writeHead after a write",
      (res: import("node:http").ServerResponse) => {
        res.write("a");
        res.writeHead(201);
        res.end();
      },
      "ERR_HTTP_HEADERS_SENT",
    ],
    [
      "a string chunk in an unknown encoding",
      (res: import("node:http").ServerResponse) => {
        res.write("a", "no-such-encoding" as BufferEncoding);
        res.end();
      },
      "ERR_UNKNOWN_ENCODING",
    ],
    [
      "an end chunk in an unknown encoding",
      (res: import("node:http").ServerResponse) =>
        res.end("a", "no-such-encoding" as BufferEncoding),
      "ERR_UNKNOWN_ENCODING",
    ],
    [
      "a raw header array entry without a name",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, ["", "x", "x-app", "1"]).end(),
      "ERR_INVALID_HTTP_TOKEN",
    ],
    [
      "a null chunk",
      (res: import("node:http").ServerResponse) => {
        res.write(null as unknown as string);
        res.end();
      },
      "ERR_INVALID_ARG_TYPE",
    ],
  ])(
    "fails the request before the commit on %s, and hands Node's error to fail",
    async (_what, answer, code) => {
      const recorded = hooks({
        fail(error) {
          recorded.failures.push(error);
          throw new Error("and the error path throws too");
        },
      });
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => rejections.push(reason);
      process.on("unhandledRejection", onRejection);
      try {
        const url = await serve((_req, res) => {
          deferEnd(res, recorded.value);
          answer(res);
        });
        // The error path threw as well: the socket is closed rather than left hanging.
        await expect(fetch(url)).rejects.toThrow();
        expect(recorded.outcomes).toEqual([expect.objectContaining({ error: true })]);
        expect(recorded.failures).toEqual([expect.objectContaining({ code })]);
        await new Promise((resolve) => setImmediate(resolve));
        expect(rejections).toEqual([]);
      } finally {
        process.off("unhandledRejection", onRejection);
      }
    },
  );

  it.each([
    [
      "a reason phrase",
      (res: import("node:http").ServerResponse) => res.writeHead(200, "Fine").end("ok"),
    ],
    [
      "headers with a reason phrase",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, "Fine", { "x-app": "1" }).end("ok"),
    ],
    [
      "a number and an array as header values",
      (res: import("node:http").ServerResponse) =>
        res.writeHead(200, { "x-app": 1, "x-list": ["a", "b"] }).end("ok"),
    ],
    [
      "an empty raw array",
      (res: import("node:http").ServerResponse) => res.writeHead(200, []).end("ok"),
    ],
    [
      "a known encoding and a callback",
      (res: import("node:http").ServerResponse) => {
        res.write("o", "latin1", () => {});
        res.end("k", "utf8");
      },
    ],
    [
      "a Uint8Array chunk",
      (res: import("node:http").ServerResponse) => res.end(new TextEncoder().encode("ok")),
    ],
  ])("accepts what Node accepts: %s", async (_what, answer) => {
    const recorded = hooks();
    const url = await serve((_req, res) => {
      deferEnd(res, recorded.value);
      answer(res);
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    expect(recorded.outcomes).toEqual([{ status: 200, error: false }]);
    expect(recorded.failures).toEqual([]);
  });

  it("follows the running Node on a string chunk in the buffer encoding (Node 20 takes it, Node 24 refuses it)", async () => {
    // Asked of a stream built like a socket (strings not decoded), as Node's own socket would be.
    const probe = new Writable({ decodeStrings: false, write: (_c, _e, done) => done() });
    const nodeTakesIt = (() => {
      try {
        probe.write("x", "buffer" as BufferEncoding);
        return true;
      } catch {
        return false;
      }
    })();
    probe.destroy();
    let answer: import("node:http").ServerResponse | undefined;
    const recorded = hooks({
      // Stands in for the Express error path: failHeld has set 500 and cleared the headers.
      fail(error) {
        recorded.failures.push(error);
        answer?.end("failed");
      },
    });
    const url = await serve((_req, res) => {
      answer = res;
      deferEnd(res, recorded.value);
      res.end("ok", "buffer" as BufferEncoding);
    });
    const response = await fetch(url);
    if (nodeTakesIt) {
      expect([response.status, await response.text()]).toEqual([200, "ok"]);
      expect(recorded.outcomes).toEqual([{ status: 200, error: false }]);
      expect(recorded.failures).toEqual([]);
    } else {
      // Refused before the commit: the commit is told the request failed (nothing persisted).
      expect([response.status, await response.text()]).toEqual([500, "failed"]);
      expect(recorded.outcomes).toEqual([{ status: 200, error: true }]);
      expect(recorded.failures).toEqual([
        expect.objectContaining({ code: "ERR_UNKNOWN_ENCODING" }),
      ]);
    }
  });

  it("breaks the connection, replaying nothing, when the app fails after it started answering", async () => {
    const recorded = hooks();
    const url = await serve((_req, res) => {
      deferEnd(res, recorded.value);
      res.write("partial ");
      // What Express's error path does next: the error is recorded, then an error handler
      // that does not check headersSent answers into the held response.
      recorded.setErrored();
      res.statusCode = 500;
      res.end("error page");
    });
    await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
    expect(recorded.outcomes).toEqual([{ status: 200, error: true }]);
  });

  it.each([
    ["a flat raw array", ["X-App", "1", "Set-Cookie", "app=1"]],
    [
      "[name, value] pairs",
      [
        ["X-App", "1"],
        ["Set-Cookie", "app=1"],
      ],
    ],
    ["an object", { "X-App": "1", "Set-Cookie": "app=1" }],
  ])(
    "keeps the session cookie beside the app's own when writeHead gets %s",
    async (_form, headers) => {
      const url = await serve((_req, res) => {
        deferEnd(
          res,
          hooks({
            async commit() {
              res.appendHeader("set-cookie", "sid=1");
            },
          }).value,
        );
        res.writeHead(200, headers as unknown as string[]);
        res.end("ok");
      });
      const response = await fetch(url);
      expect(response.headers.get("x-app")).toBe("1");
      expect(response.headers.getSetCookie().sort()).toEqual(["app=1", "sid=1"]);
    },
  );
});
