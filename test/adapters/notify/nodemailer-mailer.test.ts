import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodemailerMailer } from '../../../src/adapters/notify/nodemailer-mailer.js';
import { TestSmtpServer } from '../../support/smtp.js';

const message = {
  to: 'ada@example.com',
  subject: 'Your booking is confirmed',
  text: 'Dear Ada',
  html: '<p>Dear Ada</p>',
  headers: { 'X-Hotel-Event-Id': 'evt-1' },
};

describe('NodemailerMailer', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('without SMTP, appends each message as one JSON line to the fallback file', async () => {
    const file = join(tmpdir(), `mail-${randomUUID()}`, 'sent.jsonl');
    cleanup.push(() => rm(join(file, '..'), { recursive: true, force: true }));
    const mailer = new NodemailerMailer({ smtpUrl: undefined, from: 'Hotel <no-reply@hotel.test>', fallbackFile: file });
    const first = await mailer.send(message);
    await mailer.send({ ...message, subject: 'second' });
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['subject'])).toEqual(['Your booking is confirmed', 'second']);
    expect(lines[0]).toMatchObject({ text: 'Dear Ada', html: '<p>Dear Ada</p>', messageId: first.messageId });
    expect(mailer.description).toContain(file);
  });

  it('over SMTP, hands the message to the server and reports a refusal as a failure', async () => {
    const smtp = await TestSmtpServer.start();
    cleanup.push(() => smtp.stop());
    const outcomes: string[] = [];
    const mailer = new NodemailerMailer({ smtpUrl: smtp.url, from: 'Hotel <no-reply@hotel.test>', fallbackFile: '/nonexistent', onOutcome: (o) => outcomes.push(o) });
    cleanup.push(async () => mailer.close());
    smtp.failNext(1);
    await expect(mailer.send(message)).rejects.toThrow();
    const sent = await mailer.send(message);
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    expect(smtp.received.map((m) => [m.to, m.subject, m.text.trim(), m.headers.get('x-hotel-event-id')])).toEqual([['ada@example.com', 'Your booking is confirmed', 'Dear Ada', 'evt-1']]);
    expect(outcomes).toEqual(['failed', 'sent']);
  });
});
