import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/adapters/telemetry/pg-instrumentation.js';
import { otlpWanted, samplerFrom } from '../../../src/adapters/telemetry/tracing.js';

describe('query summaries in database spans', () => {
  it.each([
    ["insert into outbox (hotel_id, payload) values ('h1', '{\"guestName\":\"Ada\"}')", 'INSERT outbox'],
    ['update "inventory" set reserved = reserved + 1 where hotel_id = $1', 'UPDATE inventory'],
    ["select id from outbox where sent_at is null for update skip locked", 'SELECT outbox'],
    ["delete from idempotency_keys where key = 'k'", 'DELETE idempotency_keys'],
    ['/* comment */ begin', 'BEGIN'],
    ['select 1', 'SELECT'],
    ["with x as (select 'Ada') select * from x", 'WITH'],
    ["with x as (select 1 from inventory for update) select * from x", 'WITH'],
    ["with r as (insert into reservations (id) values ('insert into secrets')), o as (insert into outbox (id) values (1)) select 1", 'INSERT reservations'],
    ["with locked as (select night from inventory for update), b as (update inventory as i set reserved = 1 from locked) select 1", 'UPDATE inventory'],
    ["with c as (select 'delete from x' as t), d as (delete from holds where id = 'update y set') select 1", 'DELETE holds'],
  ])('%s -> %s (never values)', (sql, summary) => {
    expect(summarize(sql)).toBe(summary);
  });
});

describe('OTLP export switch', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
  ])('%o -> %s', (env, wanted) => {
    expect(otlpWanted(env)).toBe(wanted);
  });
});

describe('the sampler', () => {
  it.each([
    [{}, 'ParentBased{root=AlwaysOnSampler'],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'AlwaysOffSampler'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, 'ParentBased{root=TraceIdRatioBased{0.25}'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '7' }, 'TraceIdRatioBased{1}'],
  ])('%o -> %s', (env, description) => {
    expect(samplerFrom(env).toString()).toContain(description);
  });
});
