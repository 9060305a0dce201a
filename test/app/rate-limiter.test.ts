import { pino } from 'pino';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { limiterFailureReporter } from '../../src/app/rate-limiter.js';

it('counts every call let through by a failing limiter, and logs a warning at most once per quiet period', () => {
  const lines: { msg: string; suppressed: number }[] = [];
  const log = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString()) as { msg: string; suppressed: number }), done()) }));
  let count = 0;
  let now = 0;
  const report = limiterFailureReporter(log, () => count++, () => now, 60_000);
  for (let i = 0; i < 5; i++) report(new Error('Connection is closed.'));
  now = 60_000;
  report(new Error('Connection is closed.'));
  expect(count).toBe(6);
  expect(lines.map((l) => [l.msg, l.suppressed])).toEqual([
    ['rate limiter unavailable: calls are let through unlimited until it answers again', 0],
    ['rate limiter unavailable: calls are let through unlimited until it answers again', 4],
  ]);
});
