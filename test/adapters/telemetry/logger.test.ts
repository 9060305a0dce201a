import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/telemetry/logger.js';
import { startTracing } from '../../../src/adapters/telemetry/tracing.js';

const tracing = startTracing({ serviceName: 'logger-test', env: {} });
afterAll(() => tracing.shutdown());

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger({
    level: 'info',
    service: 'svc',
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { log, lines, raw };
}

describe('the logger', () => {
  it('adds the active span’s trace and span ids, and none outside a span', () => {
    const { log, lines } = capture();
    const span = trace.getTracer('t').startSpan('work');
    trace.getTracer('t').startActiveSpan('work', (active) => {
      log.info('inside');
      active.end();
    });
    span.end();
    log.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', service: 'svc' });
    expect(lines[0]!['trace_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]!['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('censors guest names, emails and secrets wherever a logged object carries them', () => {
    const { log, raw } = capture();
    log.info({ guestName: 'Ada Lovelace', reservation: { guestEmail: 'ada@example.com', id: 'r1' }, event: { payload: { guestName: 'Ada Lovelace' } } }, 'x');
    log.warn({ request: { headers: { authorization: 'Bearer s3cret' } } }, 'y');
    const text = raw.join('');
    for (const secret of ['Ada Lovelace', 'ada@example.com', 's3cret']) expect(text).not.toContain(secret);
    expect(text).toContain('"id":"r1"');
    expect(text).toContain('[redacted]');
  });
});
