import type { Logger } from 'pino';
import { HealthRegistry } from '../adapters/rpc/health.js';
import { apiRoutes } from '../adapters/rpc/routes.js';
import { errorsInterceptor } from '../adapters/rpc/errors-interceptor.js';
import { startRpcServer } from '../adapters/rpc/server.js';
import { validationInterceptor } from '../adapters/rpc/validation.js';
import { InProcessEventBus } from '../adapters/messaging/in-process-event-bus.js';
import { OutboxRelay } from '../adapters/messaging/outbox-relay.js';
import { RabbitMqEventBus } from '../adapters/messaging/rabbitmq-event-bus.js';
import { createPostgres } from '../adapters/postgres/create-postgres.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../adapters/postgres/embedded-postgres.js';
import { randomIdGenerator } from '../adapters/system/random-id-generator.js';
import { systemClock } from '../adapters/system/system-clock.js';
import { CreateHotel } from '../core/admin/create-hotel.js';
import { CreateRoomType } from '../core/admin/create-room-type.js';
import { GetInventory } from '../core/admin/get-inventory.js';
import { SetInventory } from '../core/admin/set-inventory.js';
import { BookRoom } from '../core/booking/book-room.js';
import { CancelReservation, PreviewCancellation } from '../core/booking/cancel-reservation.js';
import { QuoteStay } from '../core/booking/quote-stay.js';
import { SetRestrictions } from '../core/inventory/set-restrictions.js';
import { CreateRatePlan, ListRatePlans } from '../core/rates/create-rate-plan.js';
import { SetRatePrices } from '../core/rates/set-rate-prices.js';
import { GetReservation } from '../core/booking/get-reservation.js';
import { RecordGuestNotification } from '../core/notification/record-guest-notification.js';
import { SearchAvailability } from '../core/search/search-availability.js';
import type { EventBus } from '../ports/event-bus.js';
import { afterCommit } from './after-commit.js';
import type { Config } from './config.js';
import { seedDemo } from './demo-seed.js';

export interface RunningApp {
  readonly url: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly broker: 'rabbitmq' | 'in-process';
  /** Hotels created by the demo seed on this start (0 when skipped). */
  readonly seededHotels: number;
  stop(): Promise<void>;
}

/**
 * The composition root: builds every adapter from the configuration, wires them into the use
 * cases with plain constructor injection, and starts serving. Stops in reverse order.
 */
export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stack.reverse()) {
      await step().catch((error: unknown) => log.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    let embedded: EmbeddedPostgresHandle | undefined;
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      log.info({ dir: config.embeddedPgDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL (DATABASE_URL is not set)');
      embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPgDir, port: config.embeddedPgPort, database: 'hotel' });
      stack.push(() => embedded!.stop());
      databaseUrl = embedded.url;
    }
    const postgres = await createPostgres({ url: databaseUrl, poolSize: config.databasePoolSize });
    stack.push(() => postgres.close());
    const migrations = await postgres.migrate();
    log.info({ applied: migrations.applied }, 'database schema is current');

    const bus: EventBus = config.amqpUrl
      ? new RabbitMqEventBus({
          url: config.amqpUrl,
          exchange: config.amqpExchange,
          queuePrefix: config.amqpQueuePrefix,
          onError: (error) => log.warn({ err: error }, 'rabbitmq'),
        })
      : new InProcessEventBus({ onDeadLetter: (dead) => log.error({ err: dead.error, eventId: dead.event.id, consumer: dead.consumer }, 'event dead-lettered') });
    stack.push(() => bus.close());

    const relay = new OutboxRelay({
      feed: postgres.outboxFeed,
      bus,
      idleDelayMs: config.outboxPollMs,
      onError: (error) => log.warn({ err: error }, 'outbox relay: publish failed, events stay in the outbox and will be retried'),
    });
    const uow = afterCommit(postgres.uow, () => relay.kick());
    const deps = { uow, clock: systemClock, ids: randomIdGenerator };
    const useCases = {
      createHotel: new CreateHotel(deps),
      createRoomType: new CreateRoomType(deps),
      setInventory: new SetInventory(deps),
      getInventory: new GetInventory(deps),
      bookRoom: new BookRoom(deps),
      getReservation: new GetReservation(deps),
      cancelReservation: new CancelReservation(deps),
      previewCancellation: new PreviewCancellation(deps),
      quoteStay: new QuoteStay(deps),
      createRatePlan: new CreateRatePlan(deps),
      listRatePlans: new ListRatePlans(deps),
      setRatePrices: new SetRatePrices(deps),
      setRestrictions: new SetRestrictions(deps),
      searchAvailability: new SearchAvailability({ hotels: postgres.hotelSearch, availability: postgres.availability, clock: systemClock }),
    };

    const guestNotifications = new RecordGuestNotification(postgres.notifications);
    const subscription = await bus.subscribe(RecordGuestNotification.consumerName, RecordGuestNotification.eventTypes, (event) =>
      guestNotifications.handle(event),
    );
    stack.push(() => subscription.close());
    relay.start();
    stack.push(() => relay.stop());

    let seededHotels = 0;
    if (config.seedDemo === 'always' || (config.seedDemo === 'auto' && !(await postgres.hasHotels()))) {
      log.info('loading demo data: 50 hotels in 5 cities, 3 room types each, 365 nights');
      const seeded = await seedDemo(useCases, {
        hotelsPerCity: 10,
        now: systemClock.now(),
        onProgress: (done, total) => {
          if (done % 10 === 0 || done === total) log.info(`demo data: ${done}/${total} hotels`);
        },
      });
      seededHotels = seeded.hotels;
      log.info(seeded, 'demo data loaded');
    }

    const health = new HealthRegistry();
    health.addCheck('', () => postgres.ping());
    const server = await startRpcServer({
      host: config.host,
      port: config.port,
      interceptors: [errorsInterceptor(log), validationInterceptor()],
      routes: apiRoutes(useCases, health),
    });
    stack.push(async () => {
      health.shutdown();
      await server.close();
    });

    return {
      url: server.url,
      port: server.port,
      databaseUrl,
      broker: config.amqpUrl ? 'rabbitmq' : 'in-process',
      seededHotels,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
