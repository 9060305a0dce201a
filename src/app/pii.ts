import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AesGcmPiiProtector, keyRingOf, newKeyFile, PiiKeyError, type PiiKeyFile } from '../adapters/crypto/aes-gcm-pii-protector.js';
import { ConfigError, DEFAULT_PII_KEY_FILE, type Config } from './config.js';

type PiiConfig = Pick<Config, 'piiKeys' | 'piiKeyFile' | 'piiActiveKeyId' | 'piiIndexKey'>;

/**
 * The PII protector of this process, from PII_KEYS and/or PII_KEY_FILE. With neither set (the
 * `npm start` default) the keys live in DEFAULT_PII_KEY_FILE: read when it exists, else generated
 * once (mode 0600) and reused on every later start, like the embedded database beside it.
 */
export function piiProtectorOf(config: PiiConfig, log: (line: string) => void = () => {}, defaultKeyFile = DEFAULT_PII_KEY_FILE): AesGcmPiiProtector {
  let path = config.piiKeyFile;
  if (path === undefined && config.piiKeys === undefined) {
    path = defaultKeyFile;
    if (!existsSync(path)) {
      // The file is private (0600); its directory is the embedded database's too (.data/, whose
      // PostgreSQL runs as another user when started as root), so it keeps the default mode.
      mkdirSync(dirname(path), { recursive: true });
      // Written whole beside it, then linked into place (fails if the file exists): two processes
      // starting at once never overwrite each other's keys, nor read a half-written file.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(newKeyFile(), null, 2)}\n`, { mode: 0o600 });
      try {
        linkSync(tmp, path);
        log(`generated PII encryption keys in ${path} (no PII_KEYS or PII_KEY_FILE); keep the file, the data cannot be read without it`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        rmSync(tmp, { force: true });
      }
    }
  }
  try {
    return new AesGcmPiiProtector(
      keyRingOf({ keyList: config.piiKeys, file: path === undefined ? undefined : readKeyFile(path), activeKeyId: config.piiActiveKeyId, indexKey: config.piiIndexKey }),
    );
  } catch (error) {
    if (error instanceof PiiKeyError) throw new ConfigError(`invalid configuration:\n  - ${error.message}`);
    throw error;
  }
}

function readKeyFile(path: string): PiiKeyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PiiKeyError(`PII_KEY_FILE ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as PiiKeyFile;
  } catch {
    throw new PiiKeyError(`PII_KEY_FILE ${path} is not JSON`);
  }
}
