import pg from 'pg';

/**
 * The last statement of a transaction can carry its COMMIT: a store appends this to a parameterless
 * statement it knows ends its unit of work (StayBookings.addReservation). The client then answers
 * the unit of work's own COMMIT without a round trip, and refuses its ROLLBACK loudly (the
 * transaction is already committed: a unit of work that rolls back after its last statement is a bug).
 */
export const COMMIT_WITH_STATEMENT = ';\ncommit';

/** Longer than `begin`, `commit` and `rollback` with some whitespace around them. */
const CONTROL_MAX_LENGTH = 32;

type Callback = (error: Error | null, result?: pg.QueryResult) => void;

const emptyResult = (command: string): pg.QueryResult => ({ command, rowCount: null, oid: 0, fields: [], rows: [] });

/**
 * A `pg` client (the pool's `Client`, so every ORM connection is one) that sends a transaction's
 * BEGIN with its first statement and its COMMIT with its last, two round trips fewer per
 * transaction. Every other query passes through unchanged.
 *
 * - `begin` is not sent at once: the next statement goes as `begin;<statement>` in one simple-query
 *   message (Postgres runs both, the statement inside the transaction, and stops at the first error),
 *   or after a separate `begin` when it has bind parameters (the extended protocol takes one
 *   statement). A transaction that ends before any statement sends nothing at all.
 * - A parameterless statement ending in COMMIT_WITH_STATEMENT commits; once it succeeded, the COMMIT
 *   that follows is answered here.
 *
 * The answer to a combined message is the statement's, as if it had been sent alone.
 */
export class PiggybackClient extends pg.Client {
  private beginPending = false;
  private committedWithStatement = false;

  /**
   * Forgets a transaction its holder never ended (called when the pool takes the connection back):
   * a BEGIN still held back was never sent, and a transaction committed with its last statement
   * needs nothing more, so the next holder starts clean either way.
   */
  released(): void {
    this.beginPending = false;
    this.committedWithStatement = false;
  }

  // pg's query has many overloads (text, config, values, callback, submittables); the ones the pool
  // and the ORM use are a text or config and an optional values array, with or without a callback.
  override query(...args: unknown[]): never {
    const [first, second] = args;
    const callback = typeof args.at(-1) === 'function' ? (args.at(-1) as Callback) : undefined;
    const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? (first as { text: unknown }).text : undefined;
    // Only a short text can be BEGIN, COMMIT or ROLLBACK: a statement (often kilobytes of JSON) is
    // not copied and lower-cased on its way through.
    const control = typeof text === 'string' && text.length <= CONTROL_MAX_LENGTH ? text.trim().toLowerCase() : undefined;
    const pass = () => (super.query as (...a: unknown[]) => unknown)(...args);

    if (control === 'begin') {
      this.beginPending = true;
      this.committedWithStatement = false;
      return answer(Promise.resolve(emptyResult('BEGIN')), callback);
    }
    if (control === 'commit' || control === 'rollback') {
      if (this.beginPending) {
        this.beginPending = false;
        return answer(Promise.resolve(emptyResult(control.toUpperCase())), callback);
      }
      if (this.committedWithStatement) {
        this.committedWithStatement = false;
        if (control === 'commit') return answer(Promise.resolve(emptyResult('COMMIT')), callback);
        return answer(Promise.reject(new Error('rollback after the transaction committed with its last statement: the unit of work ran a statement marked as its last and then failed')), callback);
      }
      return pass() as never;
    }
    if (this.committedWithStatement) {
      // It would run outside the transaction (autocommit): refuse it rather than half-commit.
      return answer(Promise.reject(new Error('statement after the transaction committed with its last statement: the unit of work ran a statement marked as its last and then another')), callback);
    }
    const values = Array.isArray(second) ? second : undefined;
    const plain = typeof first === 'string' && (values === undefined || values.length === 0);
    const commits = plain && first.endsWith(COMMIT_WITH_STATEMENT);
    if (!this.beginPending && !commits) return pass() as never;
    if (plain) {
      const withBegin = this.beginPending;
      this.beginPending = false;
      const sent = (super.query as (q: string) => Promise<pg.QueryResult | pg.QueryResult[]>)(withBegin ? `begin;\n${first}` : first).then((result) => {
        // Only a statement that succeeded committed; after a failure the unit of work rolls back as usual.
        if (commits) this.committedWithStatement = true;
        // The statement's own answer: the last of the message, or the one before the COMMIT it carried.
        return Array.isArray(result) ? result[result.length - (commits ? 2 : 1)]! : result;
      });
      return answer(sent, callback);
    }
    // Bind parameters, a query config or a cursor: BEGIN on its own first. The client runs its
    // queries in order, so the statement is queued behind it and keeps its calling style.
    this.beginPending = false;
    (super.query as (q: string) => Promise<unknown>)('begin').catch(() => undefined);
    return pass() as never;
  }
}

/** A promise, or the callback called with its outcome (pg's two calling styles). */
function answer(result: Promise<pg.QueryResult>, callback: Callback | undefined): never {
  if (!callback) return result as never;
  result.then(
    (r) => callback(null, r),
    (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
  );
  return undefined as never;
}
