import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { RecordingStore } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import express4 from "express4";
import express5 from "express5";
import { afterEach, describe, expect, it } from "vitest";
import { session } from "../src/index.js";

// An error after the handler started its response (issue #12, item 2). While the response is
// held for the commit it counts as started (`headersSent`), so Express's error path breaks the
// connection, as it does without the middleware, instead of answering into the held queue; and
// the failed request persists nothing.

const secret = "error-after-write-secret-0123456789abcdef";
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type App = ReturnType<typeof express5> | ReturnType<typeof express4>;

async function start(app: App): Promise<{ url: string; port: number }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port };
}

/** Sends raw HTTP/1.1 on one keep-alive connection; resolves with everything read until close. */
function rawExchange(port: number, requests: string[], gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", () => resolve(received));
    socket.on("close", () => resolve(received));
    socket.on("connect", async () => {
      for (const request of requests) {
        if (socket.destroyed) break;
        socket.write(request);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      // Nothing more to send: a healthy server would now answer both and keep the socket open.
      setTimeout(() => socket.end(), 500).unref();
    });
    socket.setTimeout(5_000, () => reject(new Error("no answer within 5 s")));
  });
}

function cookieOf(response: Response): string {
  return (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
}

describe.each([
  ["Express 4", express4 as unknown as typeof express5],
  ["Express 5", express5],
])("%s: an error after the response started", (_name, express) => {
  function appWith(store: RecordingStore, withErrorHandler: boolean) {
    const app = express();
    app.use(session({ secret, store }));
    app.get("/set", (req, res) => {
      (req.session.data as { step?: string }).step = "set";
      res.json({ ok: true });
    });
    app.get("/read", (req, res) => {
      res.json(req.session.data);
    });
    const partialThenFail = (
      req: express5.Request,
      res: express5.Response,
      next: express5.NextFunction,
    ) => {
      (req.session.data as { step?: string }).step = "failed";
      res.write("partial ");
      next(new Error("failed after the first write"));
    };
    app.get("/fail", partialThenFail);
    app.post("/fail", partialThenFail);
    if (withErrorHandler) {
      // An error handler that does not check res.headersSent, as many apps have.
      app.use((_err: unknown, _req: unknown, res: express5.Response, _next: unknown) => {
        res.status(500).send("error");
      });
    }
    return app;
  }

  it("with an app error handler: the connection breaks, no stray bytes, nothing persisted", async () => {
    const store = new RecordingStore(new MemoryStore());
    const { url, port } = await start(appWith(store, true));
    const cookie = cookieOf(await fetch(`${url}/set`));
    store.reset();

    const request = `GET /fail HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n\r\n`;
    const next = "GET /read HTTP/1.1\r\nHost: x\r\n\r\n";
    const received = await rawExchange(port, [request, next]);
    // No complete answer to /fail, and nothing that could start the next response.
    expect(received).not.toContain("Content-Length: 5");
    expect(received.match(/HTTP\/1\.1 /g) ?? []).toHaveLength(0);
    expect(store.count("set")).toBe(0);

    const read = await fetch(`${url}/read`, { headers: { cookie } });
    expect(await read.json()).toEqual({ step: "set" });
  });

  it("with the default final handler and a request body that ends later: the server stays up", async () => {
    const store = new RecordingStore(new MemoryStore());
    const { url, port } = await start(appWith(store, false));
    const cookie = cookieOf(await fetch(`${url}/set`));
    store.reset();

    const head =
      "POST /fail HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" +
      `Content-Length: 10\r\nCookie: ${cookie}\r\n\r\n`;
    // The body's second half arrives after the replay would have happened.
    await rawExchange(port, [`${head}hello`, "world"], 100);
    expect(store.count("set")).toBe(0);

    const read = await fetch(`${url}/read`, { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ step: "set" });
  });
});
