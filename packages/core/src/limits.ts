import type { CarryOutContext } from "./engine-carry-out.js";
import { SessionLimitError } from "./errors.js";
import { emit } from "./events.js";
import type { ResolvedSessionOptions } from "./options.js";
import type { SessionMeta } from "./types.js";

/**
 * The limits a write must keep, checked before anything reaches the store: a session past a
 * limit fails with a `SessionLimitError` and nothing is written (for a regeneration: not even
 * the old record's tombstone, so the session stays as it was).
 */

/** @throws SessionLimitError when `data` and `meta` as JSON exceed `maxSessionBytes`. */
export function assertSessionSize(
  options: ResolvedSessionOptions,
  written: { dataJson: string; meta: SessionMeta },
): void {
  const max = options.limits.maxSessionBytes;
  if (max === Number.POSITIVE_INFINITY) return;
  const bytes =
    Buffer.byteLength(written.dataJson) + Buffer.byteLength(JSON.stringify(written.meta));
  if (bytes > max) throw new SessionLimitError("maxSessionBytes", max, bytes);
}

/** Whether `maxSessionsPerUser` is set: sign-ins then list the user's sessions first. */
export function limitsUsers(options: ResolvedSessionOptions): boolean {
  return options.limits.maxSessionsPerUser !== Number.POSITIVE_INFINITY;
}

/**
 * Makes room for one more signed-in session of `userId` under `maxSessionsPerUser`, before it
 * is written: the user's least recently active sessions are destroyed (`revoke-oldest`), or the
 * sign-in fails (`refuse`). `replacing` is the record the new one replaces (a regeneration's
 * old id), which does not count.
 *
 * @throws SessionLimitError with `refuse`, when the user is at the limit.
 */
export async function makeRoomForSignIn<D>(
  context: CarryOutContext<D>,
  userId: string,
  replacing?: string,
): Promise<void> {
  const { maxSessionsPerUser: max, onTooManySessions } = context.options.limits;
  if (max === Number.POSITIVE_INFINITY) return;
  // Newest activity first: the ones past the first max - 1 are the oldest.
  const others = (await context.store.listByUser(userId)).filter((r) => r.id !== replacing);
  if (others.length < max) return;
  if (onTooManySessions === "refuse") {
    throw new SessionLimitError("maxSessionsPerUser", max, others.length);
  }
  for (const oldest of others.slice(max - 1)) {
    await context.store.destroy(oldest.id);
    context.queue.note(oldest.id, "gone");
    emit(context.options.onEvent, { type: "revoked", id: oldest.id, userId, count: 1 });
  }
}
