import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Records, with MONITOR on every server, the commands clients send that name a key under
 * `prefix`; commands a Lua script runs inside the server are not round trips and are left out.
 */
export class CommandLog {
  readonly #servers: Redis[];
  readonly #prefix: string;
  readonly #monitors: Redis[] = [];
  #seen: string[][] = [];
  #waiters: (() => void)[] = [];

  private constructor(servers: Redis[], prefix: string) {
    this.#servers = servers;
    this.#prefix = prefix;
  }

  /** Starts MONITOR on each server (given as plain connections, one per cluster master). */
  static async start(servers: Redis[], prefix: string): Promise<CommandLog> {
    const log = new CommandLog(servers, prefix);
    for (const server of servers) {
      // monitor() opens a connection of its own for MONITOR, closed by stop().
      const monitor = await server.monitor();
      monitor.on("monitor", (_time: string, args: string[], source: string) => {
        if (source === "lua" || !args.some((arg) => arg.startsWith(log.#prefix))) return;
        log.#seen.push(args);
        for (const wake of log.#waiters.splice(0)) wake();
      });
      log.#monitors.push(monitor);
    }
    return log;
  }

  /**
   * The commands (lower-case names) that `operation` sent, in order on one server, sorted by
   * name across several. MONITOR reports asynchronously, so a
   * keyless marker (ECHO) is sent to every server before and after the operation: once the
   * markers are reported, everything before them has been.
   */
  async commandsOf(operation: () => Promise<unknown>): Promise<string[]> {
    await this.#fence();
    this.#seen = [];
    await operation();
    await this.#fence();
    const names = this.#seen
      .filter((args) => !(args[0]?.toLowerCase() === "echo"))
      .map((args) => (args[0] ?? "").toLowerCase());
    // Several servers' MONITOR streams interleave in no defined order: compare them sorted.
    return this.#servers.length > 1 ? names.sort() : names;
  }

  async #fence(): Promise<void> {
    const marker = `${this.#prefix}marker:${randomUUID()}`;
    await Promise.all(this.#servers.map((server) => server.echo(marker)));
    const markers = () => this.#seen.filter((args) => args.includes(marker)).length;
    while (markers() < this.#servers.length) {
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  stop(): void {
    for (const monitor of this.#monitors) monitor.disconnect();
  }
}
