import { type Html, html, raw } from "./html.js";
import type { SessionSummary } from "./summary.js";

/** What a layout wraps: the page title and its escaped body markup. */
export interface LayoutView {
  title: string;
  /** Already escaped markup: insert as it is. */
  body: string;
}

/** Gives the pages the app's own look: returns a whole HTML document around `view.body`. */
export type Layout = (view: LayoutView) => string;

const STYLE = `
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d2330;background:#f6f7f9}
main{max-width:64rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.4rem}table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #dde2e8;vertical-align:top}
th{font-size:.85rem;color:#5f6b7a}.muted{color:#5f6b7a;font-size:.85rem}
form.inline{display:inline;margin:0}button{font:inherit;padding:.25rem .7rem;cursor:pointer}
.badge{padding:.1rem .5rem;border-radius:1rem;background:#2458d6;color:#fff;font-size:.8rem}
.notice{background:#e7f6ec;padding:.5rem .75rem;border-radius:6px}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0}input{font:inherit}
`;

/** The default layout: a bare document with a small stylesheet and no scripts. */
export const defaultLayout: Layout = (view) =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title}</title><style>${raw(STYLE)}</style></head>
<body><main>${raw(view.body)}</main></body></html>
`.value;

function iso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

function short(id: string): string {
  return `${id.slice(0, 10)}…`;
}

/** A POST form with one button: the only way these pages change anything. */
function button(action: string, label: string, aria: string): Html {
  return html`<form class="inline" method="post" action="${action}"><button type="submit" aria-label="${aria}">${label}</button></form>`;
}

export function devicesBody(base: string, sessions: SessionSummary[], notice?: string): string {
  const others = sessions.filter((s) => !s.current);
  const rows = sessions.map(
    (s) => html`<tr data-session="${s.id}">
<td title="${s.userAgent ?? ""}"><span class="device">${s.device.label}</span></td>
<td>${s.ip ?? "unknown"}</td><td>${iso(s.createdAt)}</td><td>${iso(s.lastActiveAt)}</td>
<td>${s.current ? html`<span class="badge">This device</span>` : button(`${base}/sessions/${encodeURIComponent(s.id)}/sign-out`, "Sign out", `Sign out ${s.device.label} ${short(s.id)}`)}</td></tr>`,
  );
  return html`<h1>Signed-in devices (${sessions.length})</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<table id="devices"><tr><th>Device</th><th>IP</th><th>Signed in</th><th>Last active</th><th></th></tr>
${rows}</table>
<div class="actions">${
    others.length > 0
      ? button(
          `${base}/sign-out-others`,
          "Sign out all other devices",
          "Sign out all other devices",
        )
      : html`<span class="muted">No other devices are signed in.</span>`
  }</div>`.value;
}

export interface AdminPageView {
  base: string;
  sessions: SessionSummary[];
  filter: { userId?: string | undefined; tenantId?: string | undefined };
  nextCursor: string | null;
  notice?: string | undefined;
  /** Why the list is empty whatever matches: the store cannot list (shown instead of rows). */
  unavailable?: string | undefined;
}

export function adminBody(view: AdminPageView): string {
  const { base, filter } = view;
  const enc = encodeURIComponent;
  const rows = view.sessions.map(
    (s) => html`<tr data-session="${s.id}">
<td><code title="${s.id}">${short(s.id)}</code>${s.current ? html` <span class="badge">You</span>` : ""}</td>
<td>${s.userId ?? html`<span class="muted">anonymous</span>`}</td><td>${s.tenantId ?? ""}</td>
<td title="${s.userAgent ?? ""}">${s.device.label}</td><td>${s.ip ?? ""}</td>
<td>${iso(s.createdAt)}</td><td>${iso(s.lastActiveAt)}</td><td>${iso(s.expiresAt)}</td>
<td>${button(`${base}/ui/sessions/${enc(s.id)}/revoke`, "Revoke", `Revoke session ${short(s.id)}`)}
${s.userId ? button(`${base}/ui/users/${enc(s.userId)}/revoke`, "All of user", `Revoke all sessions of ${s.userId}`) : ""}</td></tr>`,
  );
  const params = new URLSearchParams();
  if (filter.userId) params.set("userId", filter.userId);
  if (filter.tenantId) params.set("tenantId", filter.tenantId);
  if (view.nextCursor) params.set("cursor", view.nextCursor);
  return html`<h1>Sessions</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ""}
<form method="get" action="${base}/" class="actions">
<label>User <input name="userId" value="${filter.userId ?? ""}"></label>
<label>Tenant <input name="tenantId" value="${filter.tenantId ?? ""}"></label>
<button type="submit">Filter</button></form>
<table id="sessions"><tr><th>Handle</th><th>User</th><th>Tenant</th><th>Device</th><th>IP</th>
<th>Created</th><th>Last active</th><th>Expires</th><th></th></tr>
${rows}</table>
${
  view.unavailable
    ? html`<p class="muted" id="unavailable">${view.unavailable}</p>`
    : view.sessions.length === 0
      ? html`<p class="muted">No live sessions match.</p>`
      : ""
}
<div class="actions">
${view.nextCursor ? html`<a href="${base}/?${params.toString()}">Next page</a>` : ""}
${filter.tenantId && !view.unavailable ? button(`${base}/ui/tenants/${enc(filter.tenantId)}/revoke`, `Revoke all of tenant ${filter.tenantId}`, `Revoke all sessions of tenant ${filter.tenantId}`) : ""}
${button(`${base}/ui/cleanup`, "Remove expired sessions", "Remove expired sessions")}
</div>`.value;
}

export function messageBody(title: string, message: string): string {
  return html`<h1>${title}</h1><p>${message}</p>`.value;
}
