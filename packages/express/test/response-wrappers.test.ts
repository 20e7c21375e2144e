import { gunzipSync } from "node:zlib";
import { RecordingStore } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import compression from "compression";
import express4 from "express4";
import express5 from "express5";
import morgan from "morgan";
import { describe, expect, it } from "vitest";
import { session } from "../src/index.js";
import { listen } from "./listen.js";

// Middleware that wraps the response (compression, on-headers, response-time…) may be mounted
// before or after the session. While the session holds the response for its commit, such a
// wrapper must work as it does without sessions: it sees one implicit writeHead however many
// times it writes, and whatever it installed over the held methods stays in place when the
// response is released (later writes still go through it).

const secret = "response-wrappers-secret-0123456789abcdef";

/** The body a route streams: large enough for compression to compress, in three parts. */
const PARTS = ["first part ", "second part ", "third part "].map((p) => p.repeat(200));

async function nextTurn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

function build(express: typeof express5, order: "before" | "after") {
  const store = new RecordingStore(new MemoryStore());
  const app = express();
  if (order === "before") app.use(compression({ threshold: 0 }));
  app.use(session({ secret, store }));
  if (order === "after") app.use(compression({ threshold: 0 }));
  // Streams its answer over several turns of the event loop: the first write starts the commit,
  // the later ones arrive after the response has been released.
  app.get("/stream", async (req, res) => {
    (req.session.data as { streamed?: boolean }).streamed = true;
    res.type("text/plain");
    res.write(PARTS[0]);
    res.write(PARTS[1]);
    await nextTurn();
    await nextTurn();
    res.end(PARTS[2]);
  });
  app.get("/send", (req, res) => {
    (req.session.data as { sent?: boolean }).sent = true;
    res.type("text/plain").send(PARTS.join(""));
  });
  app.get("/data", (req, res) => {
    res.json(req.session.data);
  });
  return { app, store };
}

/** Fetches with gzip asked for and decodes by hand, so the test sees what went on the wire. */
async function fetchGzip(url: string, cookie?: string) {
  const { request } = await import("node:http");
  return new Promise<{ status: number; encoding?: string; cookie: string; body: string }>(
    (resolve, reject) => {
      const req = request(
        url,
        { headers: { "accept-encoding": "gzip", ...(cookie ? { cookie } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const raw = Buffer.concat(chunks);
            const encoding = res.headers["content-encoding"];
            try {
              resolve({
                status: res.statusCode ?? 0,
                ...(encoding === undefined ? {} : { encoding }),
                cookie: (res.headers["set-cookie"]?.[0] ?? "").split(";")[0] ?? "",
                body: (encoding === "gzip" ? gunzipSync(raw) : raw).toString("latin1"),
              });
            } catch (error) {
              reject(error); // a body that is not the gzip it claims to be
            }
          });
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

describe.each([
  ["Express 5", express5],
  ["Express 4", express4 as unknown as typeof express5],
] as const)("%s with compression", (_name, express) => {
  describe.each(["before", "after"] as const)("mounted %s the session", (order) => {
    it.each(["/stream", "/send"])(
      "%s answers the whole body gzipped, with the session cookie, and the session is stored",
      async (path) => {
        const { app, store } = build(express, order);
        const url = await listen(app);
        const answer = await fetchGzip(`${url}${path}`);
        expect(answer.status).toBe(200);
        expect(answer.encoding).toBe("gzip");
        expect(answer.body).toBe(PARTS.join(""));
        expect(answer.cookie).toMatch(/^sid=/);
        expect(store.writes()).toBe(1);
        const data = await fetchGzip(`${url}/data`, answer.cookie);
        expect(JSON.parse(data.body)).toEqual(
          path === "/stream" ? { streamed: true } : { sent: true },
        );
      },
    );
  });
});

describe.each([
  ["Express 5", express5],
  ["Express 4", express4 as unknown as typeof express5],
] as const)("%s sub-apps", (_name, express) => {
  it("holds a response answered inside a mounted sub-app (it has its own response prototype) until the write finished", async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = express();
    app.use(session({ secret, store }));
    const admin = express();
    admin.get("/set", (req, res) => {
      (req.session.data as { where?: string }).where = "sub-app";
      res.send("set");
    });
    app.use("/admin", admin);
    app.get("/data", (req, res) => {
      res.json(req.session.data);
    });
    const url = await listen(app);
    const first = await fetchGzip(`${url}/admin/set`);
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/^sid=/);
    // The store write finished before the answer: the very next request reads it.
    expect(store.writes()).toBe(1);
    const data = await fetchGzip(`${url}/data`, first.cookie);
    expect(JSON.parse(data.body)).toEqual({ where: "sub-app" });
  });

  it("leaves responses without a session alone (another app of the same Express)", async () => {
    const plain = express();
    plain.get("/", (_req, res) => {
      res.status(201).send("plain");
    });
    const url = await listen(plain);
    const answer = await fetchGzip(url);
    expect([answer.status, answer.body, answer.cookie]).toEqual([201, "plain", ""]);
  });
});

// morgan (like response-time) wraps `res.writeHead` of every response with on-headers, so a
// response reaches the session with one method of its own. The session replaces that one in
// place and keeps the other three on Express's shared prototype: nothing is added to `res`.
describe.each([
  ["Express 5", express5],
  ["Express 4", express4 as unknown as typeof express5],
] as const)("%s with morgan mounted before the session", (_name, express) => {
  function buildLogged() {
    const lines: string[] = [];
    const waiting: Array<() => void> = [];
    const store = new RecordingStore(new MemoryStore());
    const app = express();
    app.use(
      morgan(":method :url :status :response-time", {
        stream: {
          write(line: string) {
            lines.push(line.trim());
            for (const wake of waiting.splice(0)) wake();
          },
        },
      }),
    );
    app.use(session({ secret, store }));
    const owned: Record<string, boolean> = {};
    app.post("/write", (req, res) => {
      for (const method of ["writeHead", "flushHeaders", "write", "end"]) {
        owned[method] = Object.hasOwn(res, method);
      }
      (req.session.data as { logged?: boolean }).logged = true;
      res.json({ ok: true });
    });
    app.post("/stream", (req, res) => {
      (req.session.data as { streamed?: boolean }).streamed = true;
      res.type("text/plain");
      res.write("held ");
      // The store write is in flight: the response counts as started.
      const started = res.headersSent;
      res.end(`headersSent=${started}`);
    });
    app.get("/data", (req, res) => {
      res.json(req.session.data);
    });
    /** Resolves once morgan has logged `count` lines (it logs when a response finished). */
    const logged = async (count: number) => {
      while (lines.length < count) await new Promise<void>((wake) => waiting.push(wake));
      return lines;
    };
    return { app, store, owned, logged };
  }

  it("stores a session written under morgan, with its cookie, logged once with the status", async () => {
    const { app, store, owned, logged } = buildLogged();
    const url = await listen(app);
    const answer = await fetch(`${url}/write`, { method: "POST" });
    expect(answer.status).toBe(200);
    const cookie = (answer.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^sid=/);
    expect(store.writes()).toBe(1);
    expect(owned).toEqual({ writeHead: true, flushHeaders: false, write: false, end: false });
    const data = await fetch(`${url}/data`, { headers: { cookie } });
    expect(await data.json()).toEqual({ logged: true });
    const lines = await logged(2);
    expect(lines[0]).toMatch(/^POST \/write 200 \d+\.\d{3}$/);
    expect(lines[1]).toMatch(/^GET \/data 200 \d+\.\d{3}$/);
  });

  it("holds a streamed answer under morgan until the write finished, then sends it whole", async () => {
    const { app, store, logged } = buildLogged();
    const url = await listen(app);
    const answer = await fetch(`${url}/stream`, { method: "POST" });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("held headersSent=true");
    expect(answer.headers.getSetCookie()[0] ?? "").toMatch(/^sid=/);
    expect(store.writes()).toBe(1);
    expect(await logged(1)).toEqual([expect.stringMatching(/^POST \/stream 200 /)]);
  });

  it("answers an anonymous read under morgan without a cookie or a store call", async () => {
    const { app, store, logged } = buildLogged();
    const url = await listen(app);
    const answer = await fetch(`${url}/data`);
    expect(await answer.json()).toEqual({});
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(store.count()).toBe(0);
    expect(await logged(1)).toEqual([expect.stringMatching(/^GET \/data 200 /)]);
  });
});
