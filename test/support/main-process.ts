import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { operatorToken, testAuthEnv } from './auth.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` as a real child process (src/main.ts), for tests of what only a process can show: signals, exports at exit. */
export interface MainProcess {
  readonly child: ChildProcess;
  /** The RPC and ops URLs from the `started` log line. */
  readonly url: string;
  readonly ops: string;
  /** The test operator's access token (TEST_AUTH_ENV is set; the token keys live in the OS temp dir until exit). */
  readonly token: string;
  /** Every stdout line so far. */
  readonly stdout: readonly string[];
  /** Parsed JSON log lines so far. */
  logLines(): Record<string, unknown>[];
  /** Resolves when a stdout line satisfies `match` (already printed or still to come). */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  exited(): Promise<number | null>;
  /** SIGKILL if still running. */
  kill(): void;
}

/** `retainLines` bounds the stdout kept in memory (long runs log a line per RPC). */
export async function startMainProcess(env: Readonly<Record<string, string>>, options: { retainLines?: number } = {}): Promise<MainProcess> {
  const auth = testAuthEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: '0', OPS_PORT: '0', SEED_DEMO: 'never', LOG_LEVEL: 'info', ...auth.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exit.then(() => auth.remove());
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      stdout.push(line);
      if (options.retainLines !== undefined && stdout.length > options.retainLines) stdout.shift();
      for (const w of [...waiters]) {
        if (!w.match(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));

  const waitForLine = (match: (line: string) => boolean) => {
    const seen = stdout.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      waiters.push({ match, resolve });
      void exit.then((code) => reject(new Error(`main exited (${code}) before the expected line:\n${stdout.join('\n')}\n${stderr.join('')}`)));
    });
  };
  const started = JSON.parse(await waitForLine((l) => l.startsWith('{') && l.includes('"msg":"started"'))) as { url: string; ops: string };
  return {
    child,
    url: started.url,
    ops: started.ops,
    token: await operatorToken(started.url),
    stdout,
    logLines: () => stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    waitForLine,
    exited: () => exit,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
