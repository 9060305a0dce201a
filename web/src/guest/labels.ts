import { MealPlan } from '../../../src/gen/hotel/v1/rates_pb.js';
import { ReservationStatus } from '../../../src/gen/hotel/v1/reservation_pb.js';

export const MEAL_PLANS: Record<MealPlan, string> = {
  [MealPlan.UNSPECIFIED]: 'Room only',
  [MealPlan.ROOM_ONLY]: 'Room only',
  [MealPlan.BREAKFAST]: 'Breakfast included',
  [MealPlan.HALF_BOARD]: 'Half board',
  [MealPlan.FULL_BOARD]: 'Full board',
  [MealPlan.ALL_INCLUSIVE]: 'All inclusive',
};

export const STATUSES: Record<ReservationStatus, string> = {
  [ReservationStatus.UNSPECIFIED]: 'Unknown',
  [ReservationStatus.CONFIRMED]: 'Confirmed',
  [ReservationStatus.CANCELLED]: 'Cancelled',
  [ReservationStatus.HELD]: 'On hold',
  [ReservationStatus.CHECKED_IN]: 'Checked in',
  [ReservationStatus.CHECKED_OUT]: 'Checked out',
  [ReservationStatus.NO_SHOW]: 'No-show',
  [ReservationStatus.EXPIRED]: 'Expired',
};
