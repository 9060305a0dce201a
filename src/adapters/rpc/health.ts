import { EventEmitter, on } from 'node:events';
import { Code, ConnectError, type ConnectRouter, type ServiceImpl } from '@connectrpc/connect';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../gen/grpc/health/v1/health_pb.js';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';
/** A dependency probe: true when healthy. Throwing or rejecting counts as unhealthy. */
export type HealthCheck = () => boolean | Promise<boolean>;

/**
 * Serving status per service name, "" meaning the whole server. The server ("") starts SERVING;
 * other names are unknown until `setStatus` or `addCheck` names them.
 */
export class HealthRegistry {
  readonly #statuses = new Map<string, ServingStatus>([['', 'SERVING']]);
  readonly #checks = new Map<string, HealthCheck[]>();
  /** Events are `status:<service>` so that no service name can collide with the special 'error' event. */
  readonly #changes = new EventEmitter<Record<string, [Status]>>().setMaxListeners(0);

  /** Sets a service's status; Watch streams of that service get the new status if it changed. */
  setStatus(service: string, status: ServingStatus): this {
    const previous = this.#statuses.get(service);
    this.#statuses.set(service, status);
    if (previous !== status) this.#changes.emit(`status:${service}`, Status[status]);
    return this;
  }

  /** Marks every known service NOT_SERVING (call when shutting down, before draining). */
  shutdown(): void {
    for (const service of [...this.#statuses.keys()]) this.setStatus(service, 'NOT_SERVING');
  }

  /**
   * Adds a dependency probe run by Check and List (not by Watch, which only reports `setStatus`).
   * The service reads NOT_SERVING while any of its probes fails. Names the service if it was unknown.
   */
  addCheck(service: string, check: HealthCheck): this {
    this.#checks.set(service, [...(this.#checks.get(service) ?? []), check]);
    if (!this.#statuses.has(service)) this.setStatus(service, 'SERVING');
    return this;
  }

  /** The status set for the service, without running probes; SERVICE_UNKNOWN if never named. */
  current(service: string): Status {
    const status = this.#statuses.get(service);
    return status === undefined ? Status.SERVICE_UNKNOWN : Status[status];
  }

  /** The status set for the service, downgraded to NOT_SERVING if one of its probes fails. */
  async check(service: string): Promise<Status> {
    const status = this.current(service);
    if (status !== Status.SERVING) return status;
    const probes = (this.#checks.get(service) ?? []).map(async (probe) => probe());
    const results = await Promise.allSettled(probes);
    return results.every((r) => r.status === 'fulfilled' && r.value) ? Status.SERVING : Status.NOT_SERVING;
  }

  /** Every named service. */
  services(): string[] {
    return [...this.#statuses.keys()];
  }

  /** Status changes of one service until `signal` aborts; the listener is removed then. */
  changes(service: string, signal: AbortSignal): AsyncIterableIterator<[Status]> {
    return on(this.#changes, `status:${service}`, { signal }) as AsyncIterableIterator<[Status]>;
  }

  /** Open Watch subscriptions (for tests and metrics). */
  get watchers(): number {
    const names = this.#changes.eventNames().filter((name) => String(name).startsWith('status:'));
    return names.reduce((sum, name) => sum + this.#changes.listenerCount(name), 0);
  }
}

export function healthService(registry: HealthRegistry): ServiceImpl<typeof Health> {
  return {
    async check(req) {
      const status = await registry.check(req.service);
      if (status === Status.SERVICE_UNKNOWN) throw new ConnectError(`unknown service "${req.service}"`, Code.NotFound);
      return { status };
    },
    async list() {
      const services = registry.services();
      const statuses = await Promise.all(services.map(async (s) => [s, { status: await registry.check(s) }] as const));
      return { statuses: Object.fromEntries(statuses) };
    },
    // Per the health spec an unknown service is not an error here: it reads SERVICE_UNKNOWN until named.
    async *watch(req, ctx) {
      const changes = registry.changes(req.service, ctx.signal); // subscribe before reading, so no change is lost
      try {
        let last = registry.current(req.service);
        yield { status: last };
        for await (const [status] of changes) {
          if (status !== last) yield { status: (last = status) };
        }
      } catch (error) {
        if (!ctx.signal.aborted) throw error; // abort = client went away or deadline: end quietly
      } finally {
        await changes.return?.();
      }
    },
  };
}

/** Registers grpc.health.v1.Health on the router, backed by the registry. */
export function registerHealth(router: ConnectRouter, registry: HealthRegistry): ConnectRouter {
  return router.service(Health, healthService(registry));
}
