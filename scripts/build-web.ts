import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run build:web` builds web/ into web/dist with Vite. `npm start` runs it with --if-stale --optional:
// it builds only when web/dist is missing or older than a source it is built from, so a fresh
// clone gets the app on its first start and later starts cost a directory walk.

const repo = fileURLToPath(new URL('..', import.meta.url));
const webRoot = path.join(repo, 'web');
const outDir = path.join(webRoot, 'dist');
/** What the bundle is made of: the app, the generated messages it imports, and the locked versions. */
const inputs = [webRoot, path.join(repo, 'src/gen'), path.join(repo, 'package-lock.json')];

async function newestInput(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  if (entry === outDir || path.basename(entry) === 'node_modules') return 0;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestInput(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when web/dist/index.html is missing or older than any input. */
export async function webBuildIsStale(): Promise<boolean> {
  const built = await stat(path.join(outDir, 'index.html')).catch(() => undefined);
  if (!built) return true;
  const newest = Math.max(...(await Promise.all(inputs.map(newestInput))));
  return newest > built.mtimeMs;
}

/** Builds in this process; it sets NODE_ENV=production, which Vite and React read for a production bundle. */
export async function buildWeb(): Promise<void> {
  process.env['NODE_ENV'] = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const ifStale = process.argv.includes('--if-stale');
  const optional = process.argv.includes('--optional');
  if (ifStale && !(await webBuildIsStale())) process.exit(0);
  try {
    console.log('building the web app into web/dist (vite build) ...');
    await buildWeb();
  } catch (error) {
    // --optional (npm start): without Vite (npm ci --omit=dev) the API still starts, without the web app.
    if (!optional) throw error;
    console.warn(`could not build the web app (${error instanceof Error ? error.message : String(error)}); starting the API without it`);
  }
}
