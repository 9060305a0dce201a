import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../embedded-postgres.js';
import { ShardMap } from './shard-map.js';

export interface EmbeddedShards {
  readonly map: ShardMap;
  stop(): Promise<void>;
}

/**
 * The zero-configuration database: `count` embedded PostgreSQL servers (one per shard, like
 * production), in `<dir>/s<i>` on ports `basePort + i`, with the buckets split evenly between them.
 */
export async function startEmbeddedShards(options: { dir: string; basePort: number; count: number; onLog?: (line: string) => void }): Promise<EmbeddedShards> {
  const handles: EmbeddedPostgresHandle[] = [];
  const stop = async () => {
    for (const handle of handles.reverse()) await handle.stop();
  };
  try {
    for (let i = 0; i < options.count; i++) {
      handles.push(
        await startEmbeddedPostgres({
          dataDir: path.join(options.dir, `s${i}`),
          port: options.basePort + i,
          database: 'hotel',
          ...(options.onLog ? { onLog: options.onLog } : {}),
        }),
      );
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { map: ShardMap.even(handles.map((h, i) => ({ name: `s${i}`, url: h.url }))), stop };
}
