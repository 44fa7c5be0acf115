// Remembers computed values (a serialized response page) with the database change stamp they were read
// under (databaseChangeStamp.ts); a value is served only while the stamp is unchanged. Bounded in entries:
// the least recently stored is dropped first.

export interface StampedCache<V> {
  /** The value stored for key, if it was read under exactly this stamp. */
  get(key: string, stamp: string): V | undefined;
  set(key: string, stamp: string, value: V): void;
  readonly size: number;
}

export function createStampedCache<V>(options: { maxEntries: number }): StampedCache<V> {
  const entries = new Map<string, { stamp: string; value: V }>();
  return {
    get(key, stamp) {
      const entry = entries.get(key);
      return entry && entry.stamp === stamp ? entry.value : undefined;
    },
    set(key, stamp, value) {
      entries.delete(key);
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { stamp, value });
    },
    get size() {
      return entries.size;
    },
  };
}
