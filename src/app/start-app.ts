import type { Logger } from 'pino';
import { HealthRegistry } from '../adapters/rpc/health.js';
import { apiRoutes } from '../adapters/rpc/routes.js';
import { errorsInterceptor } from '../adapters/rpc/errors-interceptor.js';
import { rateLimitInterceptor } from '../adapters/rpc/rate-limit.js';
import { startRpcServer } from '../adapters/rpc/server.js';
import { API_SERVICE_NAMES } from '../adapters/rpc/service-names.js';
import { validationInterceptor } from '../adapters/rpc/validation.js';
import { InProcessEventBus } from '../adapters/messaging/in-process-event-bus.js';
import { OutboxRelay } from '../adapters/messaging/outbox-relay.js';
import { EventDeadLettered } from '../adapters/messaging/rabbitmq-consumer.js';
import { RabbitMqEventBus } from '../adapters/messaging/rabbitmq-event-bus.js';
import { createShardedPostgres } from '../adapters/postgres/sharding/create-sharded-postgres.js';
import { startEmbeddedShards } from '../adapters/postgres/sharding/embedded-shards.js';
import { ShardMap } from '../adapters/postgres/sharding/shard-map.js';
import { randomIdGenerator } from '../adapters/system/random-id-generator.js';
import { systemClock } from '../adapters/system/system-clock.js';
import { CreateHotel } from '../core/admin/create-hotel.js';
import { CreateRoomType } from '../core/admin/create-room-type.js';
import { GetInventory } from '../core/admin/get-inventory.js';
import { SetInventory } from '../core/admin/set-inventory.js';
import { DeleteHotel } from '../core/admin/delete-hotel.js';
import { DeleteRoomType } from '../core/admin/delete-room-type.js';
import { GetHotel } from '../core/admin/get-hotel.js';
import { ListHotelReservations } from '../core/admin/list-hotel-reservations.js';
import { ListHotels } from '../core/admin/list-hotels.js';
import { UpdateHotel } from '../core/admin/update-hotel.js';
import { UpdateRoomType } from '../core/admin/update-room-type.js';
import { HmacPageTokens } from '../adapters/system/hmac-page-tokens.js';
import { BookRoom } from '../core/booking/book-room.js';
import { CancelReservation, PreviewCancellation } from '../core/booking/cancel-reservation.js';
import { QuoteStay } from '../core/booking/quote-stay.js';
import { ExpireHolds } from '../core/booking/expire-holds.js';
import { FrontDesk } from '../core/booking/front-desk.js';
import { HoldReservation } from '../core/booking/hold-reservation.js';
import { ModifyReservation } from '../core/booking/modify-reservation.js';
import { SetRestrictions } from '../core/inventory/set-restrictions.js';
import { CreateRatePlan, ListRatePlans } from '../core/rates/create-rate-plan.js';
import { SetRatePrices } from '../core/rates/set-rate-prices.js';
import { GetReservation } from '../core/booking/get-reservation.js';
import { ListMyReservations } from '../core/booking/list-my-reservations.js';
import { RecordGuestNotification } from '../core/notification/record-guest-notification.js';
import { startEmailConsumers } from './email-consumers.js';
import { notificationUseCases } from './webhooks.js';
import { SearchAvailability } from '../core/search/search-availability.js';
import { PushAri } from '../core/partner/push-ari.js';
import { GetRateCalendar } from '../core/partner/get-rate-calendar.js';
import { AckBookingRevisions, ListBookingRevisions, RecordBookingRevision, StreamBookingRevisions } from '../core/partner/booking-feed.js';
import { InProcessRevisionWakeups } from '../adapters/notify/in-process-revision-wakeups.js';
import { IndexHotel } from '../core/search/index-hotel.js';
import type { EventBus } from '../ports/event-bus.js';
import { afterCommit } from './after-commit.js';
import { piiProtectorOf } from './pii.js';
import { every } from './periodic.js';
import type { Config } from './config.js';
import { seedDemo } from './demo-seed.js';
import { patient, searchBackend } from './search-backend.js';
import { availabilityCache } from './availability-cache.js';
import { limiterFailureReporter, rateLimiter } from './rate-limiter.js';
import { readFileSync } from 'node:fs';
import { CachingAvailabilityReader } from '../adapters/cache/caching-availability-reader.js';
import { CachingHotelSearch, notifyingIndex } from '../adapters/cache/caching-hotel-search.js';
import { invalidatingAvailability, invalidatingCatalog } from '../adapters/cache/invalidating-unit-of-work.js';
import { AppTelemetry } from './telemetry.js';
import { staticFiles } from '../adapters/web/static-files.js';
import { oauth2Endpoints } from '../adapters/web/oauth2-endpoints.js';
import { accessInterceptor } from '../adapters/rpc/access-policy.js';
import { buildIdentity } from './identity.js';
import { seedDemoAccounts } from './demo-accounts.js';

export interface RunningApp {
  /** The API's base URL ('' and port 0 when ROLE=worker serves no API). */
  readonly url: string;
  readonly port: number;
  /** Base URL of /livez, /readyz and /metrics. */
  readonly opsUrl: string;
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
  const telemetry = new AppTelemetry(log);
  const runsApi = config.role !== 'worker';
  const runsWorker = config.role !== 'api';
  try {
    // SHARD_MAP: several databases; DATABASE_URL: one shard owning every bucket; neither: embedded shards.
    let shardMap = config.shardMap ?? (config.databaseUrl ? ShardMap.single(config.databaseUrl) : undefined);
    if (!shardMap) {
      const count = config.embeddedShards;
      log.info({ dir: config.embeddedPgDir, ports: `${config.embeddedPgPort}-${config.embeddedPgPort + count - 1}` }, `starting ${count} embedded PostgreSQL shards (no DATABASE_URL or SHARD_MAP)`);
      const embedded = await startEmbeddedShards({ dir: config.embeddedPgDir, basePort: config.embeddedPgPort, count });
      stack.push(() => embedded.stop());
      shardMap = embedded.map;
    }
    const databaseUrl = shardMap.shards[0]?.url ?? '';
    const pii = piiProtectorOf(config, (line) => log.warn(line));
    log.info({ activeKeyId: pii.activeKeyId }, 'guest personal data is sealed at rest (AES-256-GCM)');
    const postgres = await createShardedPostgres({
      pii,
      map: shardMap,
      poolSize: config.databasePoolSize,
      onShardFailure: (shard, error) => log.warn({ err: error, shard }, 'database shard failed a read or relay; serving the other shards'),
      onPoolCreated: telemetry.onPoolCreated,
    });
    stack.push(() => postgres.close());
    const migrations = await postgres.migrate();
    log.info({ applied: migrations.applied }, 'database schema is current');

    const bus: EventBus = config.amqpUrl
      ? new RabbitMqEventBus({
          url: config.amqpUrl,
          ca: config.amqpCaFile === undefined ? undefined : readFileSync(config.amqpCaFile),
          exchange: config.amqpExchange,
          queuePrefix: config.amqpQueuePrefix,
          retryDelayMs: config.amqpRetryDelayMs,
          retryMaxDelayMs: config.amqpRetryMaxDelayMs,
          maxAttempts: config.amqpMaxAttempts,
          onError: (error) => {
            if (error instanceof EventDeadLettered) telemetry.deadLettered(error.consumer);
            log.warn({ err: error }, 'rabbitmq');
          },
        })
      : new InProcessEventBus({
          onDeadLetter: (dead) => {
            telemetry.deadLettered(dead.consumer);
            log.error({ err: dead.error, eventId: dead.event.id, consumer: dead.consumer }, 'event dead-lettered');
          },
        });
    stack.push(() => bus.close());

    const relay = new OutboxRelay({
      feed: postgres.outboxFeed,
      bus,
      idleDelayMs: config.outboxPollMs,
      onError: (error) => log.warn({ err: error }, 'outbox relay: publish failed, events stay in the outbox and will be retried'),
    });
    const cache = await availabilityCache(config, log);
    stack.push(() => cache.close());
    const onCacheError = (error: unknown) => log.warn({ err: error }, 'availability cache failed; reading inventory directly');
    const search = await searchBackend(config, postgres.hotelSearch, log);
    stack.push(() => search.close());
    // Candidate hotels of recent searches, forgotten whenever the catalog changes (here, or in the index).
    const candidates = new CachingHotelSearch(search.hotelSearch, { ttlMs: config.searchCandidateCacheTtlMs });
    // Every committed inventory write invalidates the cached availability of its room types before the caller hears back.
    const uow = afterCommit(
      invalidatingCatalog(invalidatingAvailability(telemetry.traced(postgres.uow), cache.cache, onCacheError), () => candidates.invalidate()),
      () => relay.kick(),
    );
    const availability = new CachingAvailabilityReader(postgres.availability, cache.cache, onCacheError);
    const deps = { uow, clock: systemClock, ids: randomIdGenerator };
    // Tokens name the server's public URL as issuer: AUTH_ISSUER, or the URL it listens on (known once it does).
    let issuer = config.authIssuer;
    // Accounts and tokens serve the API only: a worker (ROLE=worker) has no signing keys to read.
    const auth = runsApi ? await buildIdentity(config, {
      accounts: postgres.accounts,
      eraser: postgres.guestEraser,
      clock: systemClock,
      ids: randomIdGenerator,
      issuer: () => issuer ?? 'http://unstarted.invalid',
      log,
    }) : undefined;
    const revisionWakeups = new InProcessRevisionWakeups();
    const pageTokens = new HmacPageTokens(config.pageTokenSecret === undefined ? undefined : Buffer.from(config.pageTokenSecret));
    const notifications = notificationUseCases(config, {
      uow,
      bus,
      outbox: postgres.outboxFeed,
      clock: systemClock,
      log,
      onOutcome: (outcome) => telemetry.metrics.notifications.inc({ channel: 'webhook', outcome }),
    });
    const useCases = {
      getHotel: new GetHotel(deps),
      updateHotel: new UpdateHotel(deps),
      deleteHotel: new DeleteHotel(deps),
      listHotels: new ListHotels({ directory: postgres.hotelDirectory, pageTokens }),
      updateRoomType: new UpdateRoomType(deps),
      deleteRoomType: new DeleteRoomType(deps),
      listHotelReservations: new ListHotelReservations({ uow, pageTokens }),
      createHotel: new CreateHotel(deps),
      createRoomType: new CreateRoomType(deps),
      setInventory: new SetInventory(deps),
      getInventory: new GetInventory(deps),
      bookRoom: new BookRoom(deps),
      getReservation: new GetReservation(deps),
      listMyReservations: new ListMyReservations({ reservations: postgres.guestReservations, pageTokens }),
      cancelReservation: new CancelReservation(deps),
      previewCancellation: new PreviewCancellation(deps),
      quoteStay: new QuoteStay(deps),
      holdReservation: new HoldReservation(deps),
      modifyReservation: new ModifyReservation(deps),
      frontDesk: new FrontDesk(deps),
      createRatePlan: new CreateRatePlan(deps),
      listRatePlans: new ListRatePlans(deps),
      setRatePrices: new SetRatePrices(deps),
      setRestrictions: new SetRestrictions(deps),
      searchAvailability: new SearchAvailability({ hotels: candidates, availability, clock: systemClock, pageTokens }),
      pushAri: new PushAri(deps),
      getRateCalendar: new GetRateCalendar(deps),
      listBookingRevisions: new ListBookingRevisions({ uow, pageTokens }),
      ackBookingRevisions: new AckBookingRevisions({ uow }),
      streamBookingRevisions: new StreamBookingRevisions({ uow, wakeups: revisionWakeups }),
      ...notifications.useCases,
    };

    // ROLE=api leaves the relay and the consumers to the worker Deployment (deploy/k8s).
    if (runsWorker) {
      const guestNotifications = new RecordGuestNotification(postgres.notifications);
      const subscription = await bus.subscribe(RecordGuestNotification.consumerName, RecordGuestNotification.eventTypes, (event) =>
        guestNotifications.handle(event),
      );
      stack.push(() => subscription.close());
      const bookingFeed = new RecordBookingRevision({ uow, wakeups: revisionWakeups });
      const feedSubscription = await bus.subscribe(RecordBookingRevision.consumerName, RecordBookingRevision.eventTypes, async (event) => {
        await bookingFeed.handle(event);
      });
      stack.push(() => feedSubscription.close());
      stack.push(await notifications.startWebhookConsumer());
      stack.push(await startEmailConsumers(config, { uow, bus, log, onOutcome: (outcome) => telemetry.metrics.notifications.inc({ channel: 'email', outcome }) }));
      if (search.hotelIndex) {
        const indexer = new IndexHotel({ uow, index: notifyingIndex(search.hotelIndex, () => candidates.invalidate(search.visibleWithinMs)) });
        const stopping = new AbortController();
        const handle = patient((event) => indexer.handle(event), stopping.signal, (error, attempt) => log.warn({ err: error, attempt }, 'search index write failed; retrying'));
        const indexing = await bus.subscribe(IndexHotel.consumerName, IndexHotel.eventTypes, handle);
        stack.push(() => indexing.close());
        stack.push(async () => stopping.abort());
      }
      relay.start();
      stack.push(() => relay.stop());
      const holds = new ExpireHolds({ uow, clock: systemClock, holds: postgres.holds });
      const sweeper = every(config.holdSweepMs, () => holds.runOnce(), (error) => log.warn({ err: error }, 'hold sweeper failed; will retry'));
      stack.push(() => sweeper.stop());
      telemetry.watchOutbox((now) => postgres.outboxFeed.lagMillis(now));
      if (bus instanceof RabbitMqEventBus) telemetry.watchQueues(() => bus.queueDepths());
    }

    let seededHotels = 0;
    if (runsApi && (config.seedDemo === 'always' || (config.seedDemo === 'auto' && !(await postgres.hasHotels())))) {
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
      if (auth) await seedDemoAccounts(auth.identity, postgres.hotelDirectory);
      log.info('demo sign-ins ready (README: Security)');
    }

    const ops = await telemetry.startOps(config.host, config.opsPort, {
      database: () => postgres.ping(),
      ...(runsWorker && bus instanceof RabbitMqEventBus ? { broker: () => bus.queueDepths().then(() => true) } : {}),
    });
    stack.push(() => ops.close());

    let server: { url: string; port: number } = { url: '', port: 0 };
    if (auth) {
      const health = new HealthRegistry();
      health.addCheck('', () => postgres.ping());
      // Every API call needs the database shards; none needs the broker (events wait in the outbox).
      for (const service of API_SERVICE_NAMES) health.addCheck(service, () => postgres.ping());
      const limiter = await rateLimiter(config, log);
      stack.push(() => limiter.close());
      const now = () => systemClock.now().getTime();
      const rpc = await startRpcServer({
        host: config.host,
        port: config.port,
        readMaxBytes: config.maxRequestBytes,
        ...(config.tlsCertFile && config.tlsKeyFile ? { tls: { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) } } : {}),
        interceptors: [
          ...telemetry.rpcInterceptors(),
          errorsInterceptor(log),
          accessInterceptor(auth.authenticate),
          rateLimitInterceptor({
            limits: config.rateLimits,
            limiter: limiter.limiter,
            now,
            onLimiterError: limiterFailureReporter(log, () => telemetry.metrics.rateLimiterFailures.inc(), now),
          }),
          validationInterceptor(),
        ],
        routes: apiRoutes({ ...useCases, identity: auth.identity }, health),
        fallback: oauth2Endpoints({ issuer: () => issuer ?? '', clientToken: (input) => auth.identity.clientToken(input), jwks: auth.jwks, now: () => systemClock.now() }, staticFiles(config.webDir)),
      });
      stack.push(async () => {
        health.shutdown();
        await rpc.close();
      });
      server = rpc;
      issuer ??= rpc.url;
    }
    // First step of stop(): /readyz fails at once, so Kubernetes stops routing before we drain.
    stack.push(async () => telemetry.drain());

    return {
      url: server.url,
      port: server.port,
      opsUrl: ops.url,
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
