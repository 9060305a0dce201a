import type { StayRestricted } from '../shared/errors.js';
import type { DateRange } from '../time/date-range.js';
import type { InventoryNight } from './inventory-night.js';

/** Sell rules of one room type on one night, as channel managers set them. */
export interface Restrictions {
  /** Nothing may be sold for this night. */
  readonly stopSell: boolean;
  /** No stay may arrive on this night. */
  readonly closedToArrival: boolean;
  /** No stay may depart on this day. */
  readonly closedToDeparture: boolean;
  /** Length-of-stay limits, checked against the arrival night's values; null = none. */
  readonly minStay: number | null;
  readonly maxStay: number | null;
}

export const NO_RESTRICTIONS: Restrictions = { stopSell: false, closedToArrival: false, closedToDeparture: false, minStay: null, maxStay: null };

/**
 * Checks a stay against the restrictions of its nights and of its departure day (`nights` may hold
 * that day's row too; missing rows restrict nothing here: availability is judged elsewhere).
 */
export function checkRestrictions(stay: DateRange, nights: readonly InventoryNight[]): StayRestricted | undefined {
  // One pass over the rows (a search checks every candidate room type): the arrival's and the
  // departure day's restrictions, and the first night of the stay closed for sale.
  const arrivalDay = stay.checkIn.epochDay;
  const departureDay = stay.checkOut.epochDay;
  let arrival: Restrictions | undefined;
  let departure: Restrictions | undefined;
  let firstStopSell: number | undefined;
  for (const night of nights) {
    const day = night.date.epochDay;
    if (day === arrivalDay) arrival = night.restrictions;
    if (day === departureDay) departure = night.restrictions;
    if (day >= arrivalDay && day < departureDay && night.restrictions.stopSell && (firstStopSell === undefined || day < firstStopSell)) firstStopSell = day;
  }
  if (arrival?.closedToArrival) return restricted('CLOSED_TO_ARRIVAL', stay.checkIn.toString(), 'arrival is closed on this night');
  if (arrival?.minStay != null && stay.nightCount < arrival.minStay) {
    return restricted('MIN_STAY', stay.checkIn.toString(), `stays arriving on this night must be at least ${arrival.minStay} nights`);
  }
  if (arrival?.maxStay != null && stay.nightCount > arrival.maxStay) {
    return restricted('MAX_STAY', stay.checkIn.toString(), `stays arriving on this night must be at most ${arrival.maxStay} nights`);
  }
  if (firstStopSell !== undefined) return restricted('STOP_SELL', stay.checkIn.addDays(firstStopSell - arrivalDay).toString(), 'this night is closed for sale');
  if (departure?.closedToDeparture) return restricted('CLOSED_TO_DEPARTURE', stay.checkOut.toString(), 'departure is closed on this day');
  return undefined;
}

const restricted = (restriction: StayRestricted['restriction'], date: string, detail: string): StayRestricted => ({ code: 'STAY_RESTRICTED', restriction, date, detail });
