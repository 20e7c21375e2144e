import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
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

/** How `listen` serves: over TLS with this key and certificate, and whether a proxy is trusted. */
export interface ListenOptions {
  tls?: { key: string; cert: string };
  /**
   * For a fetch handler only: the platform (this adapter) builds the request URL with the
   * scheme of `X-Forwarded-Proto` when it trusts the proxy, as a runtime behind a proxy does.
   * Node listeners (Express, Koa) decide that themselves, by their own trust-proxy setting.
   */
  trustProxy?: boolean;
}

/** Starts `listener` on port 0; `close()` also ends keep-alive connections. */
export async function listen(
  listener: BindingListener,
  options: ListenOptions = {},
): Promise<RunningServer> {
  const handler =
    typeof listener === "function" ? listener : fetchAdapter(listener, options.trustProxy ?? true);
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** GET-only adapter: enough for the suite's routes, which carry everything in the query. */
function fetchAdapter(handler: FetchHandler, trustProxy: boolean): RequestListener {
  return (req, res) => {
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const forwarded = trustProxy && req.headers["x-forwarded-proto"] === "https";
    const scheme = encrypted || forwarded ? "https" : "http";
    const request = new Request(`${scheme}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
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
