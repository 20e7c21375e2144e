import { createSealer, type SealKey } from "./seal.js";
import type { SessionListPage, SessionListQuery, SessionStore } from "./store.js";
import type { SessionRecord } from "./types.js";

/** Options of {@link sealedStore}. */
export interface SealedStoreOptions {
  /**
   * AES-256 keys, each 32 bytes (a `Uint8Array`, or its base64 text). The first seals; all
   * open. To rotate, put a new key first and keep the old ones until the sessions sealed under
   * them have been written again or have expired: nobody is logged out.
   */
  keys: readonly SealKey[];
  /**
   * Also accept records whose data is not sealed (written before sealing was turned on), so an
   * existing store can be switched without logging anyone out; they are sealed on their next
   * write. Off by default: with it off, a record without a valid envelope is treated as missing.
   * @default false
   */
  allowUnsealed?: boolean;
}

/** The one field a sealed record's `data` holds. */
const FIELD = "$sealed";

/**
 * Wraps `store` so that session `data` is encrypted at rest with AES-256-GCM (the record id as
 * authenticated data). `userId`, `meta` (user agent, IP, tenant) and the timestamps stay in the
 * clear, so listing, revoking by user or tenant, and expiry work as before; the store itself is
 * unchanged and never sees the data. A record that does not open (unknown key, tampered, moved
 * to another id) reads as missing: its client gets a fresh anonymous session, never an error.
 *
 * @throws SessionConfigError when `keys` is empty or a key is not 32 bytes.
 * @example
 * const store = sealedStore(new RedisStore({ client }), {
 *   keys: [process.env.SESSION_DATA_KEY!], // 32 bytes, base64: openssl rand -base64 32
 * });
 */
export function sealedStore<S extends SessionStore>(
  store: S,
  options: SealedStoreOptions,
): SessionStore {
  const sealer = createSealer(options.keys);
  const allowUnsealed = options.allowUnsealed === true;

  const seal = (record: SessionRecord): SessionRecord => ({
    ...record,
    data: { [FIELD]: sealer.seal(record.id, JSON.stringify(record.data)) },
  });
  const open = (record: SessionRecord | null): SessionRecord | null => {
    if (record === null) return null;
    const envelope = (record.data as Record<string, unknown> | null)?.[FIELD];
    if (typeof envelope !== "string") return allowUnsealed ? record : null;
    const plaintext = sealer.open(record.id, envelope);
    if (plaintext === undefined) return null;
    return { ...record, data: JSON.parse(plaintext) as SessionRecord["data"] };
  };
  const openAll = (records: SessionRecord[]): SessionRecord[] =>
    records.map(open).filter((record): record is SessionRecord => record !== null);

  const sealed: SessionStore = {
    name: store.name ?? "sealed-store",
    get: async (id) => open(await store.get(id)),
    set: (record, expectedVersion) => store.set(seal(record), expectedVersion),
    touch: (id, expiresAt, lastActiveAt) => store.touch(id, expiresAt, lastActiveAt),
    destroy: (id) => store.destroy(id),
  };
  // Optional methods exist only where the store has them: capabilities stay the store's own.
  if (store.listByUser) {
    const listByUser = store.listByUser.bind(store);
    sealed.listByUser = async (userId) => openAll(await listByUser(userId));
  }
  if (store.listSessions) {
    const listSessions = store.listSessions.bind(store);
    sealed.listSessions = async (query: SessionListQuery): Promise<SessionListPage> => {
      const page = await listSessions(query);
      return { ...page, records: openAll(page.records) };
    };
  }
  if (store.destroyByUser) sealed.destroyByUser = store.destroyByUser.bind(store);
  if (store.destroyByTenant) sealed.destroyByTenant = store.destroyByTenant.bind(store);
  if (store.cleanup) sealed.cleanup = store.cleanup.bind(store);
  if (store.close) sealed.close = store.close.bind(store);
  return sealed;
}
