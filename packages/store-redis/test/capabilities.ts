import type { StoreCapabilities } from "@sessionkit/conformance";

/**
 * What RedisStore leaves out, and why: listing every session page by page in a stable order
 * needs one sorted index of all sessions (and one per tenant), which on Redis Cluster is a
 * single key, so a single hot slot that every session write must also touch. The store keeps
 * per-user indexes (listByUser, destroyByUser); an admin listing of all sessions needs a store
 * with a real secondary index (SQL, MongoDB).
 */
export const REDIS_CAPABILITIES: StoreCapabilities = {
  listSessions:
    "a stable listing of all sessions needs one global sorted index, a single hot key on Redis Cluster that every write would touch; per-user listing is listByUser",
};
