import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT } from './render.js';

// The PrometheusRule's groups, as a plain rules file, through promtool (Debian's `prometheus`
// package; .ci/run installs it): syntax and PromQL checked, then the unit tests of every alert.

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}

const rule = parse(readFileSync(path.join(ROOT, 'deploy/k8s/base/observability/alerts.yaml'), 'utf8')) as { kind: string; spec: RuleFile };
const tests = readFileSync(path.join(ROOT, 'deploy/alerts/alerts.test.yaml'), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'hotel-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'hotel-alerts.rules.yaml'), stringify(rule.spec));
copyFileSync(path.join(ROOT, 'deploy/alerts/alerts.test.yaml'), path.join(dir, 'alerts.test.yaml'));

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('promtool is missing: apt-get install prometheus (.ci/run does)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('the alert rules', () => {
  it('are a PrometheusRule that promtool accepts', () => {
    expect(rule.kind).toBe('PrometheusRule');
    expect(promtool('check', 'rules', 'hotel-alerts.rules.yaml')).toContain('SUCCESS');
  });

  it('pass their promtool unit tests', () => {
    expect(promtool('test', 'rules', 'alerts.test.yaml')).toContain('SUCCESS');
  });

  it('each have a unit test that makes them fire, and a severity and runbook', () => {
    const alerts = rule.spec.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining(['HotelApiHighErrorRatio', 'HotelApiHighLatencyP99', 'HotelOutboxLagHigh', 'HotelDeadLetters', 'HotelShardDown']),
    );
    const firing = new Set(
      (parse(tests) as { tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] }).tests
        .flatMap((t) => t.alert_rule_test ?? [])
        .filter((t) => t.exp_alerts.length > 0)
        .map((t) => t.alertname),
    );
    for (const a of alerts as unknown as { alert: string; labels?: { severity?: string }; annotations?: { runbook_url?: string } }[]) {
      expect(firing.has(a.alert), `${a.alert} has no test in which it fires`).toBe(true);
      expect(['warning', 'critical']).toContain(a.labels?.severity);
      if (a.alert !== 'HotelMetricsMissing') expect(a.annotations?.runbook_url, a.alert).toMatch(/deploy\/README\.md#/);
    }
  });

  it('fail their unit tests when a rule is broken (the tests can fail)', () => {
    const broken = structuredClone(rule.spec);
    const shardDown = broken.groups.flatMap((g) => g.rules).find((r) => r.alert === 'HotelShardDown')!;
    shardDown.expr = 'min by (pool) (hotel_db_up) == 0'; // fires when a single pod loses a shard
    const brokenDir = mkdtempSync(path.join(dir, 'broken-'));
    writeFileSync(path.join(brokenDir, 'hotel-alerts.rules.yaml'), stringify(broken));
    copyFileSync(path.join(dir, 'alerts.test.yaml'), path.join(brokenDir, 'alerts.test.yaml'));
    expect(() => execFileSync('promtool', ['test', 'rules', 'alerts.test.yaml'], { cwd: brokenDir, stdio: 'pipe' })).toThrow();
  });
});
