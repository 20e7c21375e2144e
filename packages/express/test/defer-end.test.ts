import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { deferEnd } from "../src/defer-end.js";

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

/** A promise with its resolve function, to hold `before` until the test lets it go. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("deferEnd", () => {
  it("holds writeHead, write and end until before() settles, then replays them in order", async () => {
    const events: string[] = [];
    const gate = deferred();
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        async () => {
          events.push("before:start");
          await gate.promise;
          res.appendHeader("set-cookie", "sid=1");
          events.push("before:done");
        },
        () => events.push("abort"),
      );
      res.writeHead(201, { "content-type": "text/plain", "set-cookie": "other=2" });
      expect(res.headersSent).toBe(false);
      expect(res.write("a")).toBe(true);
      res.write("b", () => events.push("write-callback"));
      res.end("c", () => events.push("end-callback"));
      events.push("handler:returned");
      setImmediate(gate.resolve);
    });
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("abc");
    // Both cookies survive: writeHead's own Set-Cookie does not replace the committed one.
    expect(response.headers.getSetCookie().sort()).toEqual(["other=2", "sid=1"]);
    expect(events.slice(0, 3)).toEqual(["before:start", "handler:returned", "before:done"]);
    expect(events).toContain("write-callback");
    expect(events).toContain("end-callback");
    expect(events).not.toContain("abort");
  });

  it("starts on flushHeaders too, so early-flushed headers still carry the cookie", async () => {
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        async () => {
          res.appendHeader("set-cookie", "sid=1");
        },
        () => {},
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

  it("drops the held calls and hands over to abort when before() rejects", async () => {
    const url = await serve((_req, res) => {
      deferEnd(
        res,
        () => Promise.reject(new Error("store down")),
        (error) => {
          // The original methods are back: the error path responds directly.
          res.statusCode = 500;
          res.end(`aborted: ${(error as Error).message}`);
        },
      );
      res.setHeader("x-handler", "1");
      res.end("the handler's answer");
    });
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("aborted: store down");
  });
});
