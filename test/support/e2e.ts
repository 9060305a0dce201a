import { afterAll, beforeAll } from 'vitest';
import { grpcClients } from './grpc-client.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface E2e {
  readonly server: TestServer;
  readonly clients: ReturnType<typeof grpcClients>;
}

/**
 * One real server per test file (fresh database; RabbitMQ or the in-process bus) with grpc-js
 * clients, started before the file's tests and stopped after them. Read it inside tests only.
 */
export function useTestServer(opts: { broker: 'rabbitmq' | 'in-process'; env?: Readonly<Record<string, string>> }): E2e {
  let server: TestServer | undefined;
  let clients: ReturnType<typeof grpcClients> | undefined;
  beforeAll(async () => {
    server = await startTestServer(opts);
    clients = grpcClients(server.url, server.operatorToken);
  }, 60_000);
  afterAll(async () => {
    clients?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test server is not started: use it inside tests');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get clients() {
      return started(clients);
    },
  };
}

/** A date `offset` days from today (UTC), YYYY-MM-DD: the server runs on the real clock. */
export const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A date `offset` days from today in `timeZone`, YYYY-MM-DD: for tests about "today at the hotel"
 * (UTC's today is yesterday in Berlin between 23:00 and midnight UTC).
 */
export function dayIn(timeZone: string, offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}
