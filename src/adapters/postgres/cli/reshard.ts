import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BUCKET_COUNT } from '../../../core/shared/routing-bucket.js';
import { moveBucket, type MoveProgress } from '../sharding/bucket-mover.js';
import { readShardMap, type ShardMap } from '../sharding/shard-map.js';

const USAGE = `usage: npm run reshard -- --bucket <0-${BUCKET_COUNT - 1}> --to <shard> [--map <file or JSON>]
Moves one bucket (its hotels and all their rows) to another shard while bookings continue.
The shard map comes from --map or SHARD_MAP; a map file is rewritten with the bucket on its new shard.`;

/** `npm run reshard -- --bucket N --to s1`: copy, verify, switch (fence + map file), delete, with a progress bar. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { bucket: { type: 'string' }, to: { type: 'string' }, map: { type: 'string' }, help: { type: 'boolean' } } });
  const source = values.map ?? process.env['SHARD_MAP'];
  const bucket = Number(values.bucket);
  if (values.help || !source || !values.to || !Number.isInteger(bucket) || bucket < 0 || bucket >= BUCKET_COUNT) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const map = readShardMap(source);
  const isFile = !source.trim().startsWith('{');
  const bar = progressBar();
  const report = await moveBucket({
    map,
    bucket,
    to: values.to,
    onProgress: bar,
    onSwitch: async (moved) => {
      if (isFile) writeMapFile(source.trim(), moved);
    },
  });
  bar.end();
  console.log(`moved bucket ${report.bucket} from ${report.from} to ${report.to}: ${report.hotels} hotels, ${JSON.stringify(report.rows)}`);
  if (isFile) console.log(`shard map ${source.trim()} updated; running servers follow the fence at once and reload routes within 5 s`);
  else console.log(`SHARD_MAP is inline: set it to the new map before the next start (running servers follow the fence):\n${JSON.stringify(report.map)}`);
}

/** Write-then-rename, so a server starting meanwhile reads the old map or the new one, never half of one. */
function writeMapFile(path: string, map: ShardMap): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(map, null, 2)}\n`);
  renameSync(tmp, path);
}

function progressBar(): ((p: MoveProgress) => void) & { end(): void } {
  const tty = process.stderr.isTTY;
  let last = '';
  const draw = (p: MoveProgress) => {
    const ratio = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `${p.phase.padEnd(6)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${p.done}/${p.total} ${p.detail}`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (line.split(' ')[0] !== last.split(' ')[0] || ratio === 1) process.stderr.write(`${line}\n`);
    last = line;
  };
  return Object.assign(draw, { end: () => void (tty && process.stderr.write('\n')) });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
