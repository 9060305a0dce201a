import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './render.js';

// hadolint cannot be installed here (not in Debian's or npm's registries), so these are our
// Dockerfile rules, checked on the parsed instructions: multi-stage, pinned, non-root, exec form.

interface Instruction {
  readonly op: string;
  readonly args: string;
}

function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
const all = instructions(dockerfile);
const args = Object.fromEntries(all.filter((i) => i.op === 'ARG' && i.args.includes('=')).map((i) => i.args.split('=') as [string, string]));
const resolve = (s: string) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args[(a ?? b)!] ?? '');
const stages = all.reduce<Instruction[][]>((acc, i) => {
  if (i.op === 'FROM') acc.push([i]);
  else acc.at(-1)?.push(i);
  return acc;
}, []);
const final = stages.at(-1)!;

describe('the Dockerfile', () => {
  it('builds in stages from a slim, version-pinned Node image that matches the project’s Node', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    for (const stage of stages) {
      const image = resolve(stage[0]!.args.split(/\s+/)[0]!);
      expect(image).toMatch(/^[\w./-]+:[\w.-]+(@sha256:[0-9a-f]{64})?$/);
      expect(image).not.toMatch(/:latest\b/);
      if (image.startsWith('node:')) {
        expect(image).toMatch(/-slim|distroless/);
        expect(image.slice('node:'.length).split('-')[0]).toBe(pkg.devDependencies['node']);
      }
    }
  });

  it('runs the final stage as an unprivileged numeric user, in exec form', () => {
    const user = final.filter((i) => i.op === 'USER').at(-1);
    expect(user).toBeDefined();
    const uid = user!.args.split(':')[0]!;
    expect(uid).toMatch(/^\d+$/); // numeric: Kubernetes can check runAsNonRoot against it
    expect(Number(uid)).toBeGreaterThan(0);
    const entry = final.find((i) => i.op === 'ENTRYPOINT' || i.op === 'CMD');
    expect(() => JSON.parse(entry!.args) as unknown).not.toThrow(); // exec form: signals reach node
    expect(final.findIndex((i) => i.op === 'USER')).toBeGreaterThan(final.findLastIndex((i) => i.op === 'RUN' || i.op === 'COPY'));
  });

  it('installs reproducibly: npm ci, production dependencies only, no remote ADD or piped scripts', () => {
    const runs = all.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /npm install\b/.test(r))).toBe(false);
    expect(runs.some((r) => /(curl|wget)[^|]*\|\s*(sh|bash)/.test(r))).toBe(false);
    expect(all.some((i) => i.op === 'ADD')).toBe(false);
    expect(all.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).some((i) => /^\.\s/.test(i.args))).toBe(false); // no COPY . .
  });

  it('exposes the ports the Kubernetes manifests use', () => {
    expect(final.find((i) => i.op === 'EXPOSE')?.args.split(/\s+/).sort()).toEqual(['8080', '9464']);
    const deployment = readFileSync(path.join(ROOT, 'deploy/k8s/base/app/api-deployment.yaml'), 'utf8');
    expect(deployment).toContain('containerPort: 8080');
    expect(deployment).toContain('containerPort: 9464');
  });

  it('sends only the sources and manifests into the build context', () => {
    const ignore = readFileSync(path.join(ROOT, 'deploy/Dockerfile.dockerignore'), 'utf8').split('\n');
    expect(ignore).toContain('*');
    for (const needed of ['!package.json', '!package-lock.json', '!src/']) expect(ignore).toContain(needed);
    expect(ignore.some((l) => /node_modules|\.data|\.git/.test(l) && l.startsWith('!'))).toBe(false);
  });
});

describe('the image’s dependencies', () => {
  it('include every package the sources import (the image installs with --omit=dev)', async () => {
    const { readdirSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const files = (readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const imported = new Set<string>();
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, 'src', file), 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'".][^'"]*)['"]|import\(['"]([^'".][^'"]*)['"]\)/g)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    const missing = [...imported].filter((name) => !(name in pkg.dependencies) && !(name === 'tsx'));
    expect(missing, 'imported by src/ but only a devDependency (or not declared)').toEqual([]);
  });
});
