/**
 * Keeps a map within `max` entries: first every entry `isStale` says may go, then the oldest
 * (maps iterate in insertion order; callers that re-insert on use make that least recently used).
 */
export function trimMap<K, V>(map: Map<K, V>, max: number, isStale: (value: V) => boolean): void {
  if (map.size <= max) return;
  for (const [key, value] of map) if (isStale(value)) map.delete(key);
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}
