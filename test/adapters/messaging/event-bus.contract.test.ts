import { InProcessEventBus } from '../../../src/adapters/messaging/in-process-event-bus.js';
import { RabbitMqEventBus } from '../../../src/adapters/messaging/rabbitmq-event-bus.js';
import { describeEventBusContract } from '../../contract/event-bus.contract.js';
import { RabbitTestNames } from '../../support/rabbitmq.js';

describeEventBusContract('in-process', async () => {
  const bus = new InProcessEventBus({ retryDelayMs: 10, onDeadLetter: () => undefined });
  return { bus, deliversInOrder: true, dispose: () => bus.close() };
});

// Handlers run concurrently up to the prefetch, and competing consumers share a queue: RabbitMQ
// delivery order is not something this bus promises.
describeEventBusContract('RabbitMQ', async () => {
  const names = new RabbitTestNames();
  const bus = new RabbitMqEventBus({
    url: names.url,
    exchange: names.exchange,
    queuePrefix: names.queuePrefix,
    retryDelayMs: 50,
    onError: () => undefined,
  });
  await bus.start();
  return {
    // Queues are only known once subscribed: record every consumer name the suite uses.
    bus: {
      publish: (events) => bus.publish(events),
      subscribe: (consumer, types, handler) => bus.subscribe(names.consumer(consumer), types, handler),
      close: () => bus.close(),
    },
    deliversInOrder: false,
    dispose: async () => {
      await bus.close();
      await names.remove();
    },
  };
});
