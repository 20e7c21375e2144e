import { type Html, html, raw } from "./html.js";

// Server-rendered pages, framework-free: each takes plain data and returns a whole document.

export type Theme = "light" | "dark";

export interface SessionView {
  id: string;
  userId: string | null;
  createdAt: number;
  lastActiveAt: number;
  expiresAt: number;
  data: unknown;
}

export interface DeviceView {
  id: string;
  userAgent: string | undefined;
  ip: string | undefined;
  createdAt: number;
  lastActiveAt: number;
  current: boolean;
}

const STYLE = `
  :root { color-scheme: light; --bg: #f6f7f9; --card: #fff; --text: #1d2330; --muted: #5f6b7a;
    --line: #dde2e8; --accent: #2458d6; --danger: #b42318; }
  body.dark { color-scheme: dark; --bg: #14171c; --card: #1d2128; --text: #e6e9ee;
    --muted: #9aa4b2; --line: #323843; --accent: #7aa2ff; --danger: #ff8a80; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, "Liberation Sans", sans-serif; background: var(--bg);
    color: var(--text); }
  header { display: flex; align-items: center; gap: 1rem; padding: .75rem 1.5rem;
    border-bottom: 1px solid var(--line); background: var(--card); }
  header .brand { font-weight: 700; margin-right: auto; color: var(--text); text-decoration: none; }
  main { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
    padding: 1.25rem 1.5rem; margin-bottom: 1.5rem; }
  h1 { font-size: 1.6rem; margin: 0 0 1rem; } h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
  .muted { color: var(--muted); font-size: .9rem; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line);
    vertical-align: top; }
  th { color: var(--muted); font-weight: 600; font-size: .85rem; white-space: nowrap; }
  code, pre { font: .85rem/1.4 ui-monospace, "Liberation Mono", monospace; }
  code.handle { word-break: break-all; }
  pre { margin: 0; white-space: pre-wrap; }
  form.inline { display: inline; margin: 0; }
  button { font: inherit; padding: .35rem .8rem; border-radius: 6px; border: 1px solid var(--line);
    background: var(--card); color: var(--text); cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button.danger { color: var(--danger); border-color: var(--danger); }
  label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
  input[type=text], input[type=password] { font: inherit; width: 100%; max-width: 22rem;
    padding: .45rem .6rem; border: 1px solid var(--line); border-radius: 6px;
    background: var(--bg); color: var(--text); }
  .badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .8rem;
    background: var(--accent); color: #fff; }
  .error { color: var(--danger); font-weight: 600; }
  .actions { display: flex; gap: .75rem; flex-wrap: wrap; margin-top: 1rem; }
`;

function layout(view: { title: string; theme: Theme; back: string; body: Html }): string {
  const next: Theme = view.theme === "dark" ? "light" : "dark";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title} · sessionkit example</title>
<style>${raw(STYLE)}</style>
</head>
<body class="${view.theme}">
<header>
  <a class="brand" href="/">sessionkit example</a>
  <form class="inline" method="post" action="/theme">
    <input type="hidden" name="theme" value="${next}">
    <input type="hidden" name="back" value="${view.back}">
    <button type="submit">${next === "dark" ? "Dark" : "Light"} theme</button>
  </form>
</header>
<main>
${view.body}
</main>
</body>
</html>
`.value;
}

export function homePage(view: { theme: Theme; name: string | undefined }): string {
  const body = view.name
    ? html`<div class="card">
  <h1>Welcome back, ${view.name}</h1>
  <p>You are signed in. <a href="/dashboard">Open your dashboard</a> to see this session and
  your signed-in devices.</p>
</div>`
    : html`<div class="card">
  <h1>Hello, visitor</h1>
  <p>You are not signed in, and this server has stored nothing about you: a session is only
  created (and a cookie only sent) once there is something to remember, such as the theme
  button above or signing in.</p>
  <p><a href="/login">Sign in</a></p>
</div>`;
  return layout({ title: "Home", theme: view.theme, back: "/", body });
}

export function loginPage(view: { theme: Theme; error?: string; username?: string }): string {
  const body = html`<div class="card">
  <h1>Sign in</h1>
  <p class="muted">Demo accounts: any username works with the password <code>demo</code>.</p>
  ${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ""}
  <form method="post" action="/login">
    <label for="username">Username</label>
    <input id="username" name="username" type="text" autocomplete="username" required
      maxlength="64" value="${view.username ?? ""}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <div class="actions"><button class="primary" type="submit">Sign in</button></div>
  </form>
</div>`;
  return layout({ title: "Sign in", theme: view.theme, back: "/login", body });
}

export function dashboardPage(view: {
  theme: Theme;
  now: number;
  name: string;
  session: SessionView;
  devices: DeviceView[];
}): string {
  const { session, now } = view;
  const others = view.devices.filter((device) => !device.current);
  const rows = view.devices.map(
    (device) => html`<tr data-device="${device.id}">
      <td title="${device.userAgent ?? ""}">${describeUserAgent(device.userAgent)}</td>
      <td>${device.ip ?? "unknown"}</td>
      <td>${relative(device.lastActiveAt, now)}</td>
      <td><code>${device.id.slice(0, 10)}…</code></td>
      <td>${
        device.current
          ? html`<span class="badge">This device</span>`
          : html`<form class="inline" method="post" action="/devices/${device.id}/revoke">
          <button class="danger" type="submit"
            aria-label="Sign out device ${device.id.slice(0, 10)}">Sign out</button></form>`
      }</td>
    </tr>`,
  );
  const body = html`<h1>Hello, ${view.name}</h1>
<div class="card">
  <h2>This session</h2>
  <table>
    <tr><th>Handle</th><td><code class="handle" id="session-id">${session.id}</code>
      <div class="muted">The store key: a SHA-256 hash of the token in your cookie. It can revoke
      this session but not impersonate it, so it is safe to show.</div></td></tr>
    <tr><th>Signed in as</th><td id="session-user">${session.userId}</td></tr>
    <tr><th>Created</th><td>${iso(session.createdAt)} (${relative(session.createdAt, now)})</td></tr>
    <tr><th>Last active</th><td>${iso(session.lastActiveAt)}</td></tr>
    <tr><th>Expires</th><td id="session-expires">${iso(session.expiresAt)} (${relative(session.expiresAt, now)}, extended as you use the site)</td></tr>
    <tr><th>Data</th><td><pre id="session-data">${JSON.stringify(session.data, null, 2)}</pre></td></tr>
  </table>
</div>
<div class="card">
  <h2>Signed-in devices (${view.devices.length})</h2>
  <table id="devices">
    <tr><th>Device</th><th>IP</th><th>Last active</th><th>Handle</th><th></th></tr>
    ${rows}
  </table>
  <div class="actions">
    ${
      others.length > 0
        ? html`<form class="inline" method="post" action="/devices/revoke-others">
      <button class="danger" type="submit">Sign out all other devices</button></form>`
        : html`<span class="muted">No other devices are signed in.</span>`
    }
    <form class="inline" method="post" action="/logout">
      <button class="primary" type="submit">Sign out</button></form>
  </div>
</div>`;
  return layout({ title: "Dashboard", theme: view.theme, back: "/dashboard", body });
}

export function messagePage(view: { theme: Theme; title: string; message: string }): string {
  const body = html`<div class="card"><h1>${view.title}</h1><p>${view.message}</p>
  <p><a href="/">Home</a></p></div>`;
  return layout({ title: view.title, theme: view.theme, back: "/", body });
}

function iso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

function relative(ms: number, now: number): string {
  const diff = ms - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  if (minutes === 0) return "just now";
  const text =
    minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

/** "Chrome on Linux" from a User-Agent header; unknown clients show the header, shortened. */
function describeUserAgent(userAgent: string | undefined): string {
  if (!userAgent) return "Unknown device";
  const browser = [
    ["Edg/", "Edge"],
    ["Firefox/", "Firefox"],
    ["Chrome/", "Chrome"],
    ["Safari/", "Safari"],
  ].find(([token]) => userAgent.includes(token as string))?.[1];
  const os = [
    ["Android", "Android"],
    ["iPhone", "iOS"],
    ["Windows", "Windows"],
    ["Mac OS", "macOS"],
    ["Linux", "Linux"],
  ].find(([token]) => userAgent.includes(token as string))?.[1];
  if (browser) return os ? `${browser} on ${os}` : browser;
  return userAgent.length > 60 ? `${userAgent.slice(0, 60)}…` : userAgent;
}
