import { html, type LayoutView, raw } from "@sessionkit/core";

// The app's own pages (home, sign-in, not found) and the layout it gives the library's devices
// and admin pages, so all of them look alike. `html` escapes every interpolated value.

export type Theme = "light" | "dark";

const STYLE = `
  :root { color-scheme: light; --bg: #f6f7f9; --card: #fff; --text: #1d2330; --muted: #5f6b7a;
    --line: #dde2e8; --accent: #2458d6; --danger: #b42318; }
  body.dark { color-scheme: dark; --bg: #14171c; --card: #1d2128; --text: #e6e9ee;
    --muted: #9aa4b2; --line: #323843; --accent: #7aa2ff; --danger: #ff8a80; }
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: var(--bg); color: var(--text); }
  header { display: flex; gap: 1rem; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line);
    background: var(--card); }
  header a { color: var(--text); } header .brand { font-weight: 700; margin-right: auto; }
  main { max-width: 64rem; margin: 2rem auto; padding: 0 1.5rem; }
  table { width: 100%; border-collapse: collapse; background: var(--card); }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line);
    vertical-align: top; }
  th { color: var(--muted); font-size: .85rem; } .muted { color: var(--muted); font-size: .9rem; }
  code, pre { font: .85rem/1.4 ui-monospace, monospace; } pre { margin: 0; }
  code.handle, pre { word-break: break-all; }
  form.inline { display: inline; margin: 0; } button, input { font: inherit; }
  .badge { padding: .1rem .55rem; border-radius: 1rem; background: var(--accent); color: #fff;
    font-size: .8rem; }
  .notice { background: var(--card); border-left: 4px solid var(--accent); padding: .5rem .75rem; }
  .error { color: var(--danger); font-weight: 600; }
  .actions { display: flex; gap: .75rem; flex-wrap: wrap; margin: 1rem 0; }
`;

/**
 * A whole document around `view.body`. The library's pages call it as their `layout`, with no
 * theme (a layout sees no request, so they show the light one); the app's own pages pass theirs.
 */
export function layout(view: LayoutView, theme: Theme = "light"): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title} · sessionkit example</title>
<style>${raw(STYLE)}</style>
</head>
<body class="${theme}">
<header>
  <a class="brand" href="/">sessionkit example</a>
  <a href="/account/devices">Your devices</a>
  <a href="/admin/sessions/">Admin</a>
</header>
<main>
${raw(view.body)}
</main>
</body>
</html>
`.value;
}

/** What the home page shows of the visitor's session once signed in. */
export interface SignedIn {
  name: string;
  /** The session's handle: the store key, a hash of the token. Revokes, cannot impersonate. */
  handle: string;
  expiresAt: number;
  data: unknown;
  admin: boolean;
}

export function homePage(theme: Theme, user: SignedIn | undefined): string {
  const next: Theme = theme === "dark" ? "light" : "dark";
  const themeButton = html`<form class="inline" method="post" action="/theme">
    <input type="hidden" name="theme" value="${next}">
    <button type="submit">${next === "dark" ? "Dark" : "Light"} theme</button></form>`;
  const body = user
    ? html`<h1>Welcome back, ${user.name}</h1>
<table>
  <tr><th>Handle</th><td><code class="handle" id="session-id">${user.handle}</code></td></tr>
  <tr><th>Expires</th><td id="session-expires">${new Date(user.expiresAt).toISOString()} (extended as you use the site)</td></tr>
  <tr><th>Data</th><td><pre id="session-data">${JSON.stringify(user.data, null, 2)}</pre></td></tr>
</table>
<div class="actions">
  <a href="/account/devices">Your signed-in devices</a>
  ${user.admin ? html`<a href="/admin/sessions/">All sessions (admin)</a>` : ""}
  ${themeButton}
  <form class="inline" method="post" action="/logout"><button type="submit">Sign out</button></form>
</div>`
    : html`<h1>Hello, visitor</h1>
<p>You are not signed in, and this server has stored nothing about you: a session is only
created (and a cookie only sent) once there is something to remember, such as the theme or
signing in.</p>
<div class="actions"><a href="/login">Sign in</a> ${themeButton}</div>`;
  return layout({ title: "Home", body: body.value }, theme);
}

export function loginPage(theme: Theme, view: { error?: string; username?: string } = {}): string {
  const body = html`<h1>Sign in</h1>
<p class="muted">Demo accounts: any username works with the password <code>demo</code>.</p>
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ""}
<form method="post" action="/login">
  <p><label>Username <input name="username" autocomplete="username" required maxlength="64"
    value="${view.username ?? ""}"></label></p>
  <p><label>Password <input name="password" type="password" autocomplete="current-password"
    required></label></p>
  <button type="submit">Sign in</button>
</form>`;
  return layout({ title: "Sign in", body: body.value }, theme);
}

export function notFoundPage(theme: Theme): string {
  const body = html`<h1>Not found</h1><p>There is no page at this address.</p>`;
  return layout({ title: "Not found", body: body.value }, theme);
}
