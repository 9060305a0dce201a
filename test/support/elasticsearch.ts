import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: one real Elasticsearch 8 node per test run (scripts/es/start-es.sh, built from
 * Maven artifacts and cached in .es-cache/). It starts in the background so that the other test
 * files run meanwhile; the Elasticsearch tests wait for it with `elasticsearchUrl()` (test/support/es-url.ts).
 * ELASTICSEARCH_TEST_URL set: use that node instead and start nothing.
 */

declare module 'vitest' {
  interface ProvidedContext {
    /** File that receives `ES_URL=...` once the node answers, or `FAILED ...` if it could not start. */
    elasticsearchStatusFile: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');
const cache = process.env['ES_CACHE'] ?? path.join(root, '.es-cache');
const pidFile = path.join(cache, `vitest-${process.pid}.pid`);
const statusFile = path.join(cache, `vitest-${process.pid}.status`);
let starting: Promise<void> | undefined;

export function setup(project: TestProject): () => Promise<void> {
  mkdirSync(cache, { recursive: true });
  rmSync(statusFile, { force: true });
  project.provide('elasticsearchStatusFile', statusFile);
  const external = process.env['ELASTICSEARCH_TEST_URL'];
  if (external) {
    writeFileSync(statusFile, `ES_URL=${external}\n`);
    return async () => rmSync(statusFile, { force: true });
  }
  starting = new Promise<void>((resolve) => {
    const child = spawn(path.join(root, 'scripts/es/start-es.sh'), ['--port', '0', '--pid-file', pidFile, '--heap', '384m', '-E', 'logger.level=warn'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const url = /^ES_URL=(\S+)$/m.exec(stdout)?.[1];
      writeFileSync(statusFile, code === 0 && url ? `ES_URL=${url}\n` : `FAILED (exit ${code}) ${stderr.slice(-4_000)}\n`);
      resolve();
    });
    child.on('error', (error) => {
      writeFileSync(statusFile, `FAILED ${error.message}\n`);
      resolve();
    });
  });
  return async () => {
    await starting;
    if (existsSync(pidFile)) await promisify(execFile)(path.join(root, 'scripts/es/stop-es.sh'), ['--pid-file', pidFile], { cwd: root });
    rmSync(statusFile, { force: true });
  };
}

/** What the status file says so far: undefined while the node is still starting. */
export function readStatus(file: string): { url: string } | { failure: string } | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const url = /^ES_URL=(\S+)$/m.exec(text)?.[1];
  return url ? { url } : text.startsWith('FAILED') ? { failure: text } : undefined;
}
