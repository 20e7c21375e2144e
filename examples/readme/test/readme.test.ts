import { readFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The README's examples read the secret from the environment, as a real app should.
process.env.SESSION_SECRET = "readme-example-secret-0123456789abcdef";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const source = (file: string) => readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");

async function listen(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function cookieFrom(response: Response): string | undefined {
  return response.headers.get("set-cookie")?.split(";")[0];
}

const targets: Array<[name: string, file: string, load: () => Promise<RequestListener>]> = [
  ["Express", "express-app.ts", async () => (await import("../src/express-app.js")).app],
  ["Koa", "koa-app.ts", async () => (await import("../src/koa-app.js")).app.callback()],
];

describe.each(targets)("the README's %s example", (_name, file, load) => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ({ server, url } = await listen(await load()));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is shown in the README exactly as tested", () => {
    expect(readme).toContain(source(file).trim());
  });

  it("counts views, signs in with a new cookie and signs out", async () => {
    const first = await fetch(`${url}/`);
    expect(await first.text()).toBe("1 views");
    const cookie = cookieFrom(first);
    expect(cookie).toMatch(/^sid=/);
    const second = await fetch(`${url}/`, { headers: { cookie: cookie ?? "" } });
    expect(await second.text()).toBe("2 views");

    const login = await fetch(`${url}/login`, {
      method: "POST",
      headers: { cookie: cookie ?? "" },
      redirect: "manual",
    });
    const signedIn = cookieFrom(login);
    expect(signedIn).toMatch(/^sid=./);
    expect(signedIn).not.toBe(cookie);
    const old = await fetch(`${url}/`, { headers: { cookie: cookie ?? "" } });
    expect(await old.text()).toBe("1 views");
    const after = await fetch(`${url}/`, { headers: { cookie: signedIn ?? "" } });
    expect(await after.text()).toBe("3 views");

    const logout = await fetch(`${url}/logout`, {
      method: "POST",
      headers: { cookie: signedIn ?? "" },
      redirect: "manual",
    });
    expect(logout.headers.get("set-cookie")).toMatch(/^sid=;.*Max-Age=0/);
    const gone = await fetch(`${url}/`, { headers: { cookie: signedIn ?? "" } });
    expect(await gone.text()).toBe("1 views");
  });
});
