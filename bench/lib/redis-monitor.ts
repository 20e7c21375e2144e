/**
 * Counts the Redis commands (round trips) that named clients send, with MONITOR on a dedicated
 * connection. The Redis server may be shared with other test runs, so only commands from the
 * addresses of the named clients count; a marker (`ECHO`) from a control connection tells when
 * every command sent before it has been seen, because MONITOR reports commands in the order the
 * server ran them.
 */
import { Redis } from "ioredis";
import { REDIS_URL } from "./apps.js";

export class RedisCommandCounter {
  readonly #monitorClient = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  readonly #control = new Redis(REDIS_URL, {
    connectionName: "sessionkit-bench-control",
    maxRetriesPerRequest: 1,
  });
  #monitor: Redis | undefined;
  #controlAddr = "";
  #watched = new Set<string>();
  #seen: string[] = [];
  #markers = new Map<string, () => void>();
  #next = 0;

  async start(): Promise<void> {
    await this.#control.ping();
    this.#controlAddr = (await this.#addressesOf("sessionkit-bench-control"))[0] ?? "";
    this.#monitor = await this.#monitorClient.monitor();
    this.#monitor.on("monitor", (_time: string, args: string[], source: string) => {
      const command = String(args[0]).toUpperCase();
      if (source === this.#controlAddr && command === "ECHO") {
        this.#markers.get(String(args[1]))?.();
        return;
      }
      if (this.#watched.has(source)) this.#seen.push(command);
    });
  }

  /** Counts, from now on, the commands of every client connected under `name`. */
  async watch(name: string): Promise<void> {
    await this.#sync();
    // A client connects in the background: give it a moment to appear.
    for (let attempt = 0; attempt < 50; attempt++) {
      this.#watched = new Set(await this.#addressesOf(name));
      if (this.#watched.size > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (this.#watched.size === 0) throw new Error(`no Redis client named ${name}`);
    this.#seen = [];
  }

  /** The commands seen since the last call (or `watch`), in order. */
  async take(): Promise<string[]> {
    await this.#sync();
    const seen = this.#seen;
    this.#seen = [];
    return seen;
  }

  async stop(): Promise<void> {
    this.#monitor?.disconnect();
    this.#monitorClient.disconnect();
    await this.#control.quit();
  }

  async #sync(): Promise<void> {
    const marker = `sessionkit-bench-marker-${process.pid}-${this.#next++}`;
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("MONITOR marker not seen in 5 s")), 5000);
      this.#markers.set(marker, () => {
        clearTimeout(timer);
        this.#markers.delete(marker);
        resolve();
      });
    });
    await this.#control.echo(marker);
    await seen;
  }

  async #addressesOf(name: string): Promise<string[]> {
    const list = (await this.#control.client("LIST")) as string;
    const addresses: string[] = [];
    for (const line of list.split("\n")) {
      const fields = new Map(
        line
          .trim()
          .split(" ")
          .map((kv) => {
            const at = kv.indexOf("=");
            return [kv.slice(0, at), kv.slice(at + 1)] as const;
          }),
      );
      if (fields.get("name") === name && fields.get("addr"))
        addresses.push(fields.get("addr") ?? "");
    }
    return addresses;
  }
}
