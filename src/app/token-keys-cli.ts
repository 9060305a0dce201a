import { readFile, writeFile } from 'node:fs/promises';
import type { PrivateSigningJwk } from '../adapters/crypto/jose-token-signer.js';
import { pruneKeySet, rotateKeySet } from './token-keys.js';

const USAGE = `usage:
  npm run token-keys -- new                 print a key set with one new ES256 key (for a Secret)
  npm run token-keys -- rotate <file>       put a new signing key first in <file>; older keys keep verifying
  npm run token-keys -- drop <file> <kid>   remove an old key once every token it signed has expired
                                            (REFRESH_TOKEN_TTL_SECONDS after the rotation)
  npm run token-keys -- list <file>         kids in order, the first one signs`;

async function read(file: string): Promise<PrivateSigningJwk[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { keys?: PrivateSigningJwk[] };
  if (!Array.isArray(parsed.keys)) throw new Error(`${file} is not a JWK set ({"keys": [...]})`);
  return parsed.keys;
}

const write = (file: string, keys: readonly PrivateSigningJwk[]) => writeFile(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });

async function main(args: string[]): Promise<void> {
  const [command, file, kid] = args;
  switch (command) {
    case 'new':
      process.stdout.write(`${JSON.stringify({ keys: await rotateKeySet([]) }, null, 2)}\n`);
      return;
    case 'rotate':
      if (!file) break;
      await write(file, await rotateKeySet(await read(file)));
      process.stderr.write(`${file}: ${(await read(file)).map((k) => k.kid).join(', ')} (first signs)\n`);
      return;
    case 'drop':
      if (!file || !kid) break;
      await write(file, pruneKeySet(await read(file), kid));
      process.stderr.write(`${file}: ${(await read(file)).map((k) => k.kid).join(', ')}\n`);
      return;
    case 'list':
      if (!file) break;
      process.stdout.write(`${(await read(file)).map((k, i) => `${k.kid}${i === 0 ? ' (signs)' : ''}`).join('\n')}\n`);
      return;
  }
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`token-keys: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
