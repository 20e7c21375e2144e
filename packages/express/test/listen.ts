import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** Starts `app` on a free loopback port, closed after the test; resolves its base URL. */
export async function listen(app: { listen(port: number, host: string): Server }): Promise<string> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
