import { PRINCIPAL } from '../access-policy.js';
import type { ServiceImpl } from '@connectrpc/connect';
import type { FrontDesk } from '../../../core/booking/front-desk.js';
import type { AdminService } from '../../../gen/hotel/v1/admin_service_pb.js';
import { reservationMessage } from '../messages.js';
import { unwrap } from '../results.js';

/** AdminService's check-in, check-out and no-show handlers. */
export function frontDeskHandlers(frontDesk: FrontDesk): Pick<ServiceImpl<typeof AdminService>, 'checkIn' | 'checkOut' | 'markNoShow'> {
  return {
    async checkIn(req, ctx) {
      return { reservation: reservationMessage(unwrap(await frontDesk.execute('CHECK_IN', req.reservationId, ctx.values.get(PRINCIPAL), req.idempotencyKey))) };
    },
    async checkOut(req, ctx) {
      return { reservation: reservationMessage(unwrap(await frontDesk.execute('CHECK_OUT', req.reservationId, ctx.values.get(PRINCIPAL), req.idempotencyKey))) };
    },
    async markNoShow(req, ctx) {
      return { reservation: reservationMessage(unwrap(await frontDesk.execute('NO_SHOW', req.reservationId, ctx.values.get(PRINCIPAL), req.idempotencyKey))) };
    },
  };
}
