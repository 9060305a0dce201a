import { Migration } from '@mikro-orm/migrations';

/**
 * Hotel management: room types can be deleted (deactivated, kept for the history of their
 * reservations). Hotels already carry a status ('ACTIVE', now also 'INACTIVE').
 */
export class M0004HotelManagement extends Migration {
  override up(): void {
    this.addSql('alter table room_types add column active boolean not null default true');
  }

  override down(): void {
    this.addSql('alter table room_types drop column active');
  }
}
