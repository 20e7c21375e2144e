// Drives one packed-install app: starts it (`node <entry>`), reads the ports it prints, then
// walks each server through a visit, a returning visit, sign-in and sign-out over real HTTP.
// Usage: node driver.mjs <app-dir> <entry-file>

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

const [appDir, entry] = process.argv.slice(2);
const child = spawn(process.execPath, [entry], {
  cwd: appDir,
  stdio: ["ignore", "pipe", "inherit"],
});
const exited = once(child, "exit").then(([code]) => {
  throw new Error(`${appDir}: the app exited (code ${code}) before printing its ports`);
});
const firstLine = once(createInterface({ input: child.stdout }), "line").then(([line]) => line);

/** The session cookie a response sets, as a `Cookie` header value ("" when cleared). */
function cookieFrom(response) {
  const set = response.headers.getSetCookie();
  assert.equal(set.length, 1, `expected one Set-Cookie, got ${JSON.stringify(set)}`);
  return /Max-Age=0/i.test(set[0]) ? "" : set[0].split(";")[0];
}

async function call(base, method, path, cookie) {
  const response = await fetch(base + path, { method, headers: cookie ? { cookie } : {} });
  assert.equal(response.status, 200, `${method} ${path} answered ${response.status}`);
  return { response, body: await response.text() };
}

async function scenario(name, base) {
  const first = await call(base, "GET", "/views");
  assert.equal(first.body, "1");
  const cookie = cookieFrom(first.response);
  assert.equal((await call(base, "GET", "/views", cookie)).body, "2", `${name}: returning visit`);
  assert.equal((await call(base, "GET", "/views")).body, "1", `${name}: a new visitor starts at 1`);
  const login = await call(base, "POST", "/login", cookie);
  const signedIn = cookieFrom(login.response);
  assert.notEqual(signedIn, cookie, `${name}: signing in issues a new token`);
  assert.equal((await call(base, "GET", "/me", signedIn)).body, "ada");
  assert.equal(
    (await call(base, "GET", "/me", cookie)).body,
    "anonymous",
    `${name}: old token dead`,
  );
  assert.equal((await call(base, "GET", "/views", signedIn)).body, "3", `${name}: data kept`);
  const logout = await call(base, "POST", "/logout", signedIn);
  assert.equal(cookieFrom(logout.response), "", `${name}: logout clears the cookie`);
  assert.equal((await call(base, "GET", "/me", signedIn)).body, "anonymous", `${name}: logged out`);
  console.log(`[packed-install] ${appDir}: ${name} ok`);
}

try {
  const ports = JSON.parse(await Promise.race([firstLine, exited]));
  // An app prints its servers' ports by name; `express` and `koa` are the usual two.
  const labels = { express: "express + memory", koa: "koa + sqlite" };
  for (const [name, port] of Object.entries(ports)) {
    await scenario(labels[name] ?? name, `http://127.0.0.1:${port}`);
  }
} finally {
  child.kill();
}
