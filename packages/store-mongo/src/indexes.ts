import type { Collection } from "mongodb";
import type { SessionDocument } from "./document.js";

/**
 * Creates the indexes the store's queries use, in one `createIndexes` command, under the
 * server's default names (`expiresAt_1`, `userId_1_lastActiveAt_-1`). Idempotent: creating an
 * index that already exists with the same options is a no-op on the server.
 *
 * - `{ expiresAt: 1 }` with `expireAfterSeconds: 0`: the TTL monitor deletes a document once its
 *   `expiresAt` Date has passed (https://www.mongodb.com/docs/manual/core/index-ttl/). It also
 *   serves `cleanup()`'s range delete.
 * - `{ userId: 1, lastActiveAt: -1 }`: `listByUser` filters on the prefix and reads its sort
 *   order straight off the index; `destroyByUser` uses the prefix.
 * - `{ createdAt: -1, _id: -1 }`, `{ userId: 1, createdAt: -1, _id: -1 }` and
 *   `{ "meta.tenantId": 1, createdAt: -1, _id: -1 }`: `listSessions` pages in that order, all
 *   sessions, one user's or one tenant's.
 */
export async function ensureSessionIndexes(collection: Collection<SessionDocument>): Promise<void> {
  await collection.createIndexes([
    { key: { expiresAt: 1 }, expireAfterSeconds: 0 },
    { key: { userId: 1, lastActiveAt: -1 } },
    { key: { createdAt: -1, _id: -1 } },
    { key: { userId: 1, createdAt: -1, _id: -1 } },
    { key: { "meta.tenantId": 1, createdAt: -1, _id: -1 } },
  ]);
}
