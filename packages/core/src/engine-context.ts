import type { GuardedStore } from "./guarded-store.js";
import type { ResolvedSessionOptions } from "./options.js";
import type { RecordStatus } from "./record.js";
import type { SessionRecord } from "./types.js";

/** What every store operation of the lifecycle needs: the options, the store, the clock's view of a record. */
export interface EngineContext<D> {
  readonly options: ResolvedSessionOptions;
  readonly store: GuardedStore;
  statusOf(record: SessionRecord<D> | null): RecordStatus;
}
