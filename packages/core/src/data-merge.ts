/**
 * Helpers for change detection and conflict resolution on session data. Sessions hold
 * JSON-serialisable data, so serialisation is both the change detector and the copy.
 */

/** Deep copy through JSON: what the store will keep is exactly what we compare against. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Re-applies the top-level keys this request changed (`base` → `mine`) onto the `fresh` data a
 * concurrent writer stored. Keys this request did not touch keep the concurrent writer's value,
 * so two requests that each set a different key both win. A key both changed: this request's
 * value wins (it writes last). Deleting a key counts as changing it.
 */
export function reapplyChangedKeys<D extends object>(fresh: D, base: D, mine: D): D {
  const result = cloneJson(fresh) as Record<string, unknown>;
  const before = base as Record<string, unknown>;
  const after = mine as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had && !has) {
      delete result[key];
    } else if (has && (!had || JSON.stringify(before[key]) !== JSON.stringify(after[key]))) {
      result[key] = cloneJson(after[key]);
    }
  }
  return result as D;
}
