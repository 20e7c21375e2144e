import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** A fetch handler (Hono, Bun, Deno style): the suite serves it through a small node:http adapter. */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

/** What a harness returns: a Node request listener (Express app, `koa.callback()`) or a fetch handler. */
export type BindingListener = RequestListener | FetchHandler;

/** A listening server on 127.0.0.1, on a free port. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts `listener` on port 0; `close()` also ends keep-alive connections. */
export async function listen(listener: BindingListener): Promise<RunningServer> {
  const server: Server = createServer(
    typeof listener === "function" ? listener : fetchAdapter(listener),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** GET-only adapter: enough for the suite's routes, which carry everything in the query. */
function fetchAdapter(handler: FetchHandler): RequestListener {
  return (req, res) => {
    const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers: headersOf(req),
    });
    Promise.resolve(handler.fetch(request)).then(
      async (response) => {
        const headers: Array<[string, string]> = [];
        response.headers.forEach((value, name) => {
          if (name !== "set-cookie") headers.push([name, value]);
        });
        for (const cookie of response.headers.getSetCookie()) headers.push(["set-cookie", cookie]);
        res.writeHead(response.status, headers.flat());
        if (response.body) {
          Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
        } else {
          res.end();
        }
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  };
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}
