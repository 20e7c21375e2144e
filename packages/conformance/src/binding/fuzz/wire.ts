import { Agent, request } from "node:http";

/** A raw answer: status, headers as Node parsed them, body text. */
export interface WireResponse {
  status: number;
  setCookies: string[];
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A keep-alive HTTP/1.1 client that sends header values byte for byte (latin1 strings), which
 * `fetch` cannot: it rejects or re-encodes what the fuzzer wants on the wire.
 */
export class WireClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #url: URL;

  constructor(baseUrl: string) {
    this.#url = new URL(baseUrl);
  }

  get(path: string, headers: Record<string, string | string[]>): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.#agent,
          host: this.#url.hostname,
          port: this.#url.port,
          path,
          method: "GET",
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              setCookies: res.headers["set-cookie"] ?? [],
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
