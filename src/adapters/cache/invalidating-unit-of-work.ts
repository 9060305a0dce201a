import type { AvailabilityCache } from '../../ports/availability-cache.js';
import type { RoomTypeRef } from '../../ports/availability-reader.js';
import type { AriStore } from '../../ports/ari-store.js';
import type { InventoryRepository } from '../../ports/inventory-repository.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * A unit of work that, once a unit commits, invalidates the cached availability of every room type
 * whose inventory it wrote (reserve, release, setNights, setRestrictions), before the caller gets
 * the result. So whatever changed inventory (a booking, a cancellation, a modification, a hold and
 * its expiry, an ARI push) is visible to the next search, in this process and, with Redis, in all.
 * A failed invalidation is reported and left to the TTL: the change itself is committed.
 */
export function invalidatingAvailability(inner: UnitOfWork, cache: AvailabilityCache, onError: (error: unknown) => void = () => {}): UnitOfWork {
  return {
    async run(routingId, work) {
      const touched = new Map<string, RoomTypeRef>();
      const result = await inner.run(routingId, (scope) =>
        work({ ...scope, inventory: recording(scope.inventory, touched), ari: recordingAri(scope.ari, touched) }),
      );
      if (result.ok && touched.size > 0) await cache.invalidate([...touched.values()]).catch(onError);
      return result;
    },
  };
}

function recording(inventory: InventoryRepository, touched: Map<string, RoomTypeRef>): InventoryRepository {
  const touch = (hotelId: string, roomTypeId: string) => touched.set(`${hotelId}\u0000${roomTypeId}`, { hotelId, roomTypeId });
  return {
    reserve(allocation, overbookingPercent) {
      touch(allocation.hotelId, allocation.roomTypeId);
      return inventory.reserve(allocation, overbookingPercent);
    },
    release(allocation) {
      touch(allocation.hotelId, allocation.roomTypeId);
      return inventory.release(allocation);
    },
    setNights(setting) {
      touch(setting.hotelId, setting.roomTypeId);
      return inventory.setNights(setting);
    },
    setRestrictions(hotelId, roomTypeId, range, change) {
      touch(hotelId, roomTypeId);
      return inventory.setRestrictions(hotelId, roomTypeId, range, change);
    },
    list: (hotelId, roomTypeId, range) => inventory.list(hotelId, roomTypeId, range),
  };
}

function recordingAri(ari: AriStore, touched: Map<string, RoomTypeRef>): AriStore {
  return {
    apply(batch, options) {
      for (const u of batch.updates) touched.set(`${batch.hotelId}\u0000${u.roomTypeId}`, { hotelId: batch.hotelId, roomTypeId: u.roomTypeId });
      return ari.apply(batch, options);
    },
  };
}

/**
 * A unit of work that, once a unit that added or changed a hotel or a room type (create, update,
 * delete, which deactivates) commits, calls `onCatalogChange` before the caller gets the result:
 * cached search candidates must not outlive the catalog they came from.
 */
export function invalidatingCatalog(inner: UnitOfWork, onCatalogChange: () => void): UnitOfWork {
  return {
    async run(routingId, work) {
      let changed = false;
      try {
        return await inner.run(routingId, (scope) => {
        const hotels = scope.hotels;
        const touch = <A extends unknown[]>(write: (...args: A) => Promise<void>) => (...args: A) => ((changed = true), write(...args));
        return work({
          ...scope,
          hotels: {
            add: touch((hotel) => hotels.add(hotel)),
            update: touch((hotel) => hotels.update(hotel)),
            addRoomType: touch((roomType) => hotels.addRoomType(roomType)),
            updateRoomType: touch((roomType) => hotels.updateRoomType(roomType)),
            get: (hotelId) => hotels.get(hotelId),
            getForUpdate: (hotelId) => hotels.getForUpdate(hotelId),
            getRoomType: (hotelId, roomTypeId) => hotels.getRoomType(hotelId, roomTypeId),
            getRoomTypeForUpdate: (hotelId, roomTypeId) => hotels.getRoomTypeForUpdate(hotelId, roomTypeId),
            listRoomTypes: (hotelId) => hotels.listRoomTypes(hotelId),
          },
        });
      });
      } finally {
        // A failed unit may have written before it rolled back: forgetting too much is harmless.
        if (changed) onCatalogChange();
      }
    },
  };
}
