import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events/domain-event.js';
import { RabbitMqEventBus } from '../../../src/adapters/messaging/rabbitmq-event-bus.js';
import { aReservationEvent } from '../../contract/event-bus.contract.js';
import { RABBITMQ_URL, RabbitTestNames } from '../../support/rabbitmq.js';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../support/tls-cert.js';

// amqps:// with a private CA (AMQP_CA_FILE). The shared broker has no TLS listener, so a TLS
// terminator made for this test sits in front of it (as a sidecar or load balancer would): the
// bus speaks TLS to it with the CA handed to amqplib, and it forwards the bytes to port 5672.

let certificate: SelfSignedCertificate;
let terminator: tls.Server;
let port: number;
let handshakes = 0;

beforeAll(async () => {
  certificate = await selfSignedCertificate();
  const broker = new URL(RABBITMQ_URL);
  terminator = tls.createServer({ cert: certificate.cert, key: certificate.key }, (client) => {
    handshakes += 1;
    const upstream = net.connect(Number(broker.port || 5672), broker.hostname);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  terminator.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', () => resolve()));
  port = (terminator.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => terminator?.close(() => resolve()));
  await certificate?.remove();
});

function amqpsUrl(): string {
  const url = new URL(RABBITMQ_URL);
  url.protocol = 'amqps:';
  url.hostname = 'localhost'; // the name in the certificate
  url.port = String(port);
  return url.toString();
}

describe('RabbitMQ over TLS (amqps:// and a CA file)', () => {
  it('publishes and consumes through amqps:// when given the CA', async () => {
    const names = new RabbitTestNames();
    const bus = new RabbitMqEventBus({ url: amqpsUrl(), ca: certificate.cert, exchange: names.exchange, queuePrefix: names.queuePrefix, onError: () => undefined });
    try {
      const received: DomainEvent[] = [];
      await bus.subscribe(names.consumer('tls'), ['reservation.confirmed'], async (event) => void received.push(event));
      const event = aReservationEvent();
      await bus.publish([event]);
      await expect.poll(() => received.map((e) => e.id), { timeout: 5_000 }).toEqual([event.id]);
      // Through the terminator, that is over TLS: the broker itself has no TLS listener.
      expect(handshakes).toBeGreaterThan(0);
    } finally {
      await bus.close();
      await names.remove();
    }
  });

  it('refuses the broker without the CA (the certificate is not trusted)', async () => {
    const names = new RabbitTestNames();
    const bus = new RabbitMqEventBus({ url: amqpsUrl(), exchange: names.exchange, queuePrefix: names.queuePrefix, onError: () => undefined });
    try {
      await expect(bus.start()).rejects.toThrow(/self[- ]signed certificate/);
    } finally {
      await bus.close();
      await names.remove();
    }
  });
});
