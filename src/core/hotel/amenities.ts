import type { Violations } from '../shared/errors.js';

const AMENITY = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_AMENITIES = 50;

/** Checks amenity codes (lower snake case, at most 50, no duplicates) and returns them sorted. */
export function checkAmenities(amenities: readonly string[], field: string, violations: Violations): string[] {
  violations.require(amenities.length <= MAX_AMENITIES, field, `must have at most ${MAX_AMENITIES} items`);
  amenities.forEach((code, i) => violations.require(AMENITY.test(code), `${field}[${i}]`, 'must be lower snake case, 1-40 characters'));
  violations.require(new Set(amenities).size === amenities.length, field, 'must not repeat a code');
  return [...amenities].sort();
}
