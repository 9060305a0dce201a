import type { Channel } from 'amqplib';

/**
 * Broker objects for one consumer. Everything is durable and declared idempotently on every
 * (re)connect; declaring with different arguments than an existing object fails with
 * PRECONDITION_FAILED, so changing e.g. the retry delay means deleting the retry queue first
 * (or moving the setting into a RabbitMQ policy).
 *
 *   <exchange> (topic) --[event type]--> <prefix>.<consumer>          quorum, the work queue
 *   handler fails:      publish -------> <prefix>.<consumer>.retry    quorum; each message carries its
 *                                         own TTL (`expiration`, exponential back-off per attempt),
 *                                         the queue's TTL caps it; expired messages dead-letter back
 *                                         (default exchange) into the work queue
 *   attempts exhausted: nack ----------> <prefix>.<consumer>.dlx      fanout
 *                                         --> <prefix>.<consumer>.dlq quorum, kept for inspection
 */
export interface ConsumerTopology {
  readonly queue: string;
  readonly retryQueue: string;
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
}

/**
 * Deliveries the broker itself may make of one message before dead-lettering it: these are
 * redeliveries after a consumer died with the message unacknowledged (handler failures are
 * counted by the bus, not here). Bounds a message that crashes the process every time.
 */
export const BROKER_REDELIVERY_LIMIT = 20;

const CONSUMER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

export function consumerTopology(queuePrefix: string, consumer: string): ConsumerTopology {
  if (!CONSUMER_NAME.test(consumer)) throw new Error(`invalid consumer name ${JSON.stringify(consumer)}`);
  const queue = `${queuePrefix}.${consumer}`;
  return { queue, retryQueue: `${queue}.retry`, deadLetterExchange: `${queue}.dlx`, deadLetterQueue: `${queue}.dlq` };
}

export async function declareEventExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

export async function declareConsumerTopology(
  channel: Channel,
  exchange: string,
  names: ConsumerTopology,
  eventTypes: readonly string[],
  /** The longest a message waits in the retry queue (its `x-message-ttl`); per-message TTLs are shorter. */
  retryMaxDelayMs: number,
): Promise<void> {
  // At-least-once dead-lettering (quorum queues, RabbitMQ >= 3.10) keeps a message in its source
  // queue until the target confirms it; it requires the reject-publish overflow mode.
  const safeDeadLettering = { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' };
  await declareEventExchange(channel, exchange);
  await channel.assertExchange(names.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(names.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, '');
  await channel.assertQueue(names.queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': names.deadLetterExchange,
      'x-delivery-limit': BROKER_REDELIVERY_LIMIT,
      ...safeDeadLettering,
    },
  });
  await channel.assertQueue(names.retryQueue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': retryMaxDelayMs,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': names.queue,
      ...safeDeadLettering,
    },
  });
  // Bindings only grow: a type dropped from a subscription stays bound (the consumer skips it)
  // until someone unbinds it; without the management API the bus cannot list bindings.
  for (const type of eventTypes) await channel.bindQueue(names.queue, exchange, type);
}
