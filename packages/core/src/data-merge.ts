/**
 * Helpers for change detection and conflict resolution on session data. Sessions hold
 * JSON-serialisable data, so serialisation is both the change detector and the copy.
 *
 * Session data comes from clients and from the store, so a key may be `__proto__`: `JSON.parse`
 * makes it an ordinary own property, but `obj[key] = value` or `Object.assign` would make it the
 * object's prototype instead (and the key would vanish on the next write). Every copy here
 * defines properties, never assigns them.
 */

/** Deep copy through JSON: what the store will keep is exactly what we compare against. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** `target[key] = value` as an own, enumerable data property, even for `__proto__`. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Replaces every own key of `target` with those of `source`, in place. */
export function replaceContents(target: object, source: object): void {
  const t = target as Record<string, unknown>;
  for (const key of Object.keys(t)) delete t[key];
  for (const [key, value] of Object.entries(source)) setOwn(t, key, value);
}

/** What `regenerate()` keeps of the data: all (true), nothing (false), or the listed keys. */
export type KeepSpec = true | false | ReadonlySet<string>;

/** The top-level keys of `data` that `keep` lets through, as a new object. */
export function keepOnly<D extends object>(data: D, keep: KeepSpec): D {
  if (keep === true) return data;
  const kept = {};
  if (keep === false) return kept as D;
  const source = data as Record<string, unknown>;
  for (const key of keep) if (Object.hasOwn(source, key)) setOwn(kept, key, source[key]);
  return kept as D;
}

/** Two `keep` specs applied one after the other. */
export function combineKeep(first: KeepSpec, second: KeepSpec): KeepSpec {
  if (first === true) return second;
  if (second === true) return first;
  if (first === false || second === false) return false;
  return new Set([...first].filter((key) => second.has(key)));
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
      setOwn(result, key, cloneJson(after[key]));
    }
  }
  return result as D;
}
