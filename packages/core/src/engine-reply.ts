import type { CommitPlan } from "./commit-plan.js";
import type { ResolvedSessionOptions } from "./options.js";
import type { SessionState } from "./session.js";
import { persistentCookieOf } from "./session-lifetime.js";
import type { TokenSigner } from "./signer.js";
import { clearTokenHeader, issueTokenHeader } from "./transport.js";

/** Adds the plan's token header (issue or clear) to the session's reply headers. */
export function addTokenHeader<D>(
  options: ResolvedSessionOptions,
  signer: TokenSigner,
  state: SessionState<D>,
  plan: CommitPlan,
  now: number,
): void {
  let header: [string, string] | undefined;
  if (plan.token === "issue") {
    const signed = signer.sign(state.token);
    const persistent = persistentCookieOf(options, state.meta);
    header = issueTokenHeader(options, state.input, signed, state.expiresAt, now, persistent);
    state.client = "live";
  } else if (plan.token === "clear") {
    header = clearTokenHeader(options, state.input);
    if (state.client === "dead") state.client = "none";
  }
  if (header) state.headers.set(header[0], header[1]);
}
