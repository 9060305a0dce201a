import type { GeoPoint } from '../../core/hotel/geo-point.js';

// Same radius as the core's haversine distance, so the box never excludes a hotel the distance keeps.
const EARTH_RADIUS_KM = 6371.0088;
// Widens the box by a hair so rounding can never cut off a hotel right on the circle.
const MARGIN_DEGREES = 1e-6;

export type LongitudeSpan =
  /** The circle reaches a pole or spans every meridian. */
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  /** Crosses the antimeridian: longitude >= min or longitude <= max. */
  | { readonly kind: 'wrap'; readonly min: number; readonly max: number };

export interface BoundingBox {
  readonly minLatitude: number;
  readonly maxLatitude: number;
  readonly longitude: LongitudeSpan;
}

/**
 * The smallest latitude/longitude box around a circle on the sphere (J. Matuschek, "Finding points
 * within a distance of a latitude/longitude"): a cheap index prefilter before the exact distance.
 */
export function boundingBox(center: GeoPoint, radiusKm: number): BoundingBox {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const lat = toRadians(center.latitude);
  const lon = toRadians(center.longitude);
  const minLat = lat - angular;
  const maxLat = lat + angular;
  if (minLat <= -Math.PI / 2 || maxLat >= Math.PI / 2 || angular >= Math.PI / 2) {
    return {
      minLatitude: Math.max(-90, toDegrees(minLat) - MARGIN_DEGREES),
      maxLatitude: Math.min(90, toDegrees(maxLat) + MARGIN_DEGREES),
      longitude: { kind: 'all' },
    };
  }
  const deltaLon = Math.asin(Math.min(1, Math.sin(angular) / Math.cos(lat)));
  const minLon = toDegrees(lon - deltaLon) - MARGIN_DEGREES;
  const maxLon = toDegrees(lon + deltaLon) + MARGIN_DEGREES;
  const box = { minLatitude: toDegrees(minLat) - MARGIN_DEGREES, maxLatitude: toDegrees(maxLat) + MARGIN_DEGREES };
  if (maxLon - minLon >= 360) return { ...box, longitude: { kind: 'all' } };
  if (minLon < -180) return { ...box, longitude: { kind: 'wrap', min: minLon + 360, max: maxLon } };
  if (maxLon > 180) return { ...box, longitude: { kind: 'wrap', min: minLon, max: maxLon - 360 } };
  return { ...box, longitude: { kind: 'range', min: minLon, max: maxLon } };
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;
