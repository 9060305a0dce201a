import pg from 'pg';

/**
 * Counts and times every statement any pg client of this process sends (the RPC server runs in the
 * bench's process), by kind: what a booking costs in round trips, and where the server waits.
 * The time of a statement is its round trip as the server sees it: sent to answer received.
 */
export class StatementMeter {
  private readonly kinds = new Map<string, { count: number; ms: number }>();
  private on = false;

  constructor() {
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched method needs both `this`es
    const meter = this;
    proto.query = function (this: unknown, ...args: unknown[]) {
      if (!meter.on) return original.apply(this, args);
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
      const start = performance.now();
      const kind = kindOf(text);
      const done = () => {
        const entry = meter.kinds.get(kind) ?? { count: 0, ms: 0 };
        entry.count++;
        entry.ms += performance.now() - start;
        meter.kinds.set(kind, entry);
      };
      // pg.Pool#query passes a callback; MikroORM awaits the returned promise.
      const last = args.at(-1);
      if (typeof last === 'function') {
        args[args.length - 1] = (...cbArgs: unknown[]) => {
          done();
          return (last as (...a: unknown[]) => unknown)(...cbArgs);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      return result instanceof Promise ? result.finally(done) : result;
    };
  }

  start(): void {
    this.kinds.clear();
    this.on = true;
  }

  stop(): Map<string, { count: number; ms: number }> {
    this.on = false;
    return new Map(this.kinds);
  }
}

/** A statement's kind: its first keywords, or the first table it writes or the CTE it starts with. */
export function kindOf(sql: string): string {
  // The head is enough to tell the kind; normalising a whole statement (JSON payloads included) would
  // cost the server, whose CPU this meter shares, more than the statement's own formatting.
  const head = sql.slice(0, 240).replace(/\s+/g, ' ').trim().toLowerCase();
  // BEGIN sent with a transaction's first statement, COMMIT with its last (PiggybackClient).
  if (head.startsWith('begin; ')) return `begin + ${kindOf(sql.slice(sql.indexOf(';') + 1))}`;
  if (/;\s*commit\s*$/i.test(sql.slice(-20))) return `${kindOf(sql.slice(0, sql.lastIndexOf(';')))} + commit`;
  const s = head;
  if (s.startsWith('select shard_enter')) return 'select shard_enter';
  if (s.startsWith('with claim as') || s.startsWith('with gate as materialized')) return 'enter bucket + claim + load (one statement)';
  if (s.startsWith('with r as ( insert into reservations')) return 'reservation + revisions + outbox (one statement)';
  if (s.startsWith('with locked as') && s.includes('update inventory')) return 'reserve (conditional update)';
  const write = /^(insert into|update|delete from) "?(\w+)/.exec(s);
  if (write) return `${write[1]} ${write[2]}`;
  const read = /^select .*? from "?(\w+)/.exec(s);
  if (read) return `select from ${read[1]}`;
  return s.split(' ').slice(0, 2).join(' ');
}
