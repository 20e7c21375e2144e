/**
 * Every case of the HTTP binding suite, keyed by its id, with the title the report shows after
 * it (`binding/anonymous-no-cookie: …`). Skips are keyed by these ids, so a typo in `skip` is a
 * type error.
 */
export const BINDING_TEST_IDS = {
  "binding/anonymous-no-cookie":
    "an anonymous visitor who writes nothing gets no cookie and costs no store call",
  "binding/noop-route-no-cookie": "a route that never touches the session sends no cookie",
  "binding/write-sets-signed-cookie":
    "a write sets a signed cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age, no Secure on http",
  "binding/cookie-secure-option": "cookie.secure: true adds Secure on plain http",
  "binding/cookie-secure-trusted-proxy":
    "behind a trusted proxy, X-Forwarded-Proto: https makes the cookie Secure",
  "binding/cookie-secure-untrusted-proxy":
    "without a trusted proxy, a client's X-Forwarded-Proto: https does not make the cookie Secure",
  "binding/cookie-secure-direct-tls": "over HTTPS on the socket itself, the cookie is Secure",
  "binding/cookie-secure-production": 'cookie.secure "auto" in production adds Secure',
  "binding/cookie-host-prefix": "a __Host- cookie is Secure, Path=/, without Domain, and works",
  "binding/cookie-domain-partitioned": "Domain and Partitioned pass through to the cookie",
  "binding/data-round-trip": "data written in one request is read by the next, one get each",
  "binding/tampered-cookie":
    "a cookie with a tampered signature gives a fresh session, no store call",
  "binding/garbage-cookie": "a garbage cookie gives a fresh session with status 200, no store call",
  "binding/oversized-cookie": "an 8 KB cookie gives a fresh session with status 200, no store call",
  "binding/unsigned-cookie": "a bare token without signature gives a fresh session, no store call",
  "binding/unknown-token-not-adopted":
    "a signed token without a record gives a fresh session under a new token",
  "binding/dead-cookie-bad-signature":
    "a badly signed cookie is cleared in the reply (same Path and Domain), with no store call",
  "binding/dead-cookie-revoked":
    "a cookie whose session was revoked is cleared in the reply, and the client stops sending it",
  "binding/dead-cookie-expired": "a cookie whose session expired is cleared in the reply",
  "binding/replaced-cookie-kept":
    "a cookie a regeneration replaced is not cleared: the browser's new cookie survives",
  "binding/rotated-secret":
    "a cookie signed with an older secret is accepted and re-issued under the newest one",
  "binding/regenerate":
    "regenerate issues a new cookie, keeps data, and the old cookie stops working",
  "binding/login-regenerates": "setting userId regenerates: new cookie, old one stops working",
  "binding/destroy-clears": "destroy clears the cookie (Max-Age=0) and deletes the record",
  "binding/untouched-in-window":
    "an unmodified request inside the touch window reads once, writes nothing, sends no cookie",
  "binding/rolling-touch":
    "after the touch window, one touch extends the record and the cookie is re-sent",
  "binding/rolling-off": "with rolling off, an unmodified request never touches the store",
  "binding/touch-requested": "session.touch() inside the window extends the record and the cookie",
  "binding/absolute-timeout": "an active session still ends at its absolute timeout",
  "binding/store-failure-load": "a failing store on load gives 500 and never resets the session",
  "binding/store-failure-save":
    "a failing store on save gives 500, no cookie, and the old data stays",
  "binding/store-hang":
    "a store that never answers gives 500 once storeTimeout has run out (timed: not before, not 10x later)",
  "binding/throw-persists-nothing": "a handler that throws gives 500 and persists nothing",
  "binding/error-status-persists-nothing":
    "an error carrying a 4xx status is answered with it and persists nothing",
  "binding/5xx-answer-persists-nothing":
    "a handler that answers 5xx by itself, without an error, persists nothing",
  "binding/4xx-answer-persists":
    "a 4xx the handler answers by itself is a normal answer and persists",
  "binding/refused-answer-is-an-error":
    "an answer Node refuses (invalid status, header value outside Latin-1) gives 500, persists nothing, no unhandled rejection",
  "binding/refused-reason-phrase-is-an-error":
    "a reason phrase with a line break gives 500, persists nothing, no unhandled rejection",
  "binding/error-after-answer-started-persists-nothing":
    "a handler that throws after it started answering persists nothing: a 500 or a broken connection, never the half answer, the server stays up",
  "binding/device-facts-ride-on-writes":
    "a new User-Agent or address is stored by the next write or rolling touch, in that one store call, and costs no call of its own",
  "binding/own-set-cookie-kept":
    "the handler's own Set-Cookie, given as headers to the lowest-level answer (raw array too), keeps the session cookie",
  "binding/read-your-writes":
    "while the store write is held the response waits for it, so the next request sees it",
  "binding/parallel-set": "20 parallel requests each setting its own key leave all 20 keys",
  "binding/parallel-mutate": "20 parallel mutate appends leave 20 entries",
  "binding/logout-race": "a slow request finishing after a logout does not bring the session back",
  "binding/header-transport":
    "header transport: token in x-session-token, Authorization: Bearer carries it, no cookie",
} as const;

/** The id of one binding conformance case, e.g. `"binding/rolling-touch"`. */
export type BindingTestId = keyof typeof BINDING_TEST_IDS;
