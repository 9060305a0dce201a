import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { render, ROOT, type K8sObject } from './render.js';

// The rendered overlays must be valid objects (Kubernetes' OpenAPI schemas through kubernetes-models,
// prometheus-operator's through its models package, partial hand-written schemas for the other
// operators: deploy/k8s/schemas/README.md) and follow our policies.

const overlays = { dev: render('dev'), prod: render('prod') };

const schemaDir = path.join(ROOT, 'deploy/k8s/schemas');
const ajv = new Ajv({ allErrors: true, strict: true });
const crdValidators = new Map<string, ValidateFunction>(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const schema = JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8')) as { properties: { apiVersion: { const: string }; kind: { const: string } } };
      return [`${schema.properties.apiVersion.const}/${schema.properties.kind.const}`, ajv.compile(schema)] as const;
    }),
);

async function validate(obj: K8sObject): Promise<void> {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const crd = crdValidators.get(key);
  if (crd) {
    const where = `${key} ${obj.metadata.name}`;
    if (!crd(obj)) throw new Error(`${where}: ${ajv.errorsText(crd.errors)}`);
    return;
  }
  const group = obj.apiVersion.includes('/') ? obj.apiVersion : `v1`;
  const module = group.startsWith('monitoring.coreos.com/')
    ? `@kubernetes-models/prometheus-operator/${group}/${obj.kind}`
    : `kubernetes-models/${group}/${obj.kind}`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = ((await import(module)) as Record<string, new (data: unknown) => { validate(): void }>)[obj.kind]!;
  } catch {
    throw new Error(`no schema known for ${key} (${obj.metadata.name}): add one to deploy/k8s/schemas`);
  }
  new Model(obj).validate();
}

const podSpecs = (objects: K8sObject[]) =>
  objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => ({ owner: o, pod: o.spec.template.spec, labels: o.spec.template.metadata.labels as Record<string, string> }));

const imageOf = (o: K8sObject): string[] => {
  if (o.kind === 'Deployment' || o.kind === 'StatefulSet') return [...(o.spec.template.spec.initContainers ?? []), ...o.spec.template.spec.containers].map((c: { image: string }) => c.image);
  if (o.kind === 'Cluster') return [o.spec.imageName];
  if (o.kind === 'RabbitmqCluster' || o.kind === 'OpenTelemetryCollector') return [o.spec.image];
  if (o.kind === 'Elasticsearch') return [`docker.elastic.co/elasticsearch/elasticsearch:${o.spec.version}`];
  return [];
};

/**
 * Every event consumer the application declares, one queue each: `static readonly consumerName = '...'`,
 * or `static readonly consumerNames = { ...: '...' }` for a class run once per audience.
 */
function declaredConsumers(): string[] {
  const names: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const source = readFileSync(file, 'utf8');
        for (const m of source.matchAll(/static readonly consumerName = '([a-z-]+)'/g)) names.push(m[1]!);
        for (const m of source.matchAll(/static readonly consumerNames = \{([^}]*)\}/g)) for (const v of m[1]!.matchAll(/:\s*'([a-z-]+)'/g)) names.push(v[1]!);
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  return names;
}

/** Secrets the overlays expect to exist in the namespace (made by hand or by an operator; deploy/README.md). */
const OUT_OF_BAND_SECRETS: Record<string, readonly string[]> = {
  // hotel-search-es-elastic-user is made by the ECK operator for the Elasticsearch resource.
  // hotel-pii-keys: encryption keys are never committed, not even dev ones (deploy/README.md).
  dev: ['hotel-amqp', 'hotel-search-es-elastic-user', 'hotel-pii-keys'],
  prod: ['hotel-amqp', 'hotel-shard-map', 'hotel-db-credentials', 'hotel-backup-s3', 'hotel-page-tokens', 'hotel-token-keys', 'hotel-operator', 'hotel-search-es-elastic-user', 'hotel-pii-keys'],
};

describe.each(Object.entries(overlays))('overlay %s', (name, objects) => {
  it('renders every component exactly once, in one namespace', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`).sort();
    for (const required of [
      'Deployment/hotel-api', 'Deployment/hotel-worker', 'Deployment/hotel-redis', 'Service/hotel-api-headless', 'HorizontalPodAutoscaler/hotel-api',
      'PodDisruptionBudget/hotel-api', 'PodDisruptionBudget/hotel-worker', 'NetworkPolicy/hotel-api', 'NetworkPolicy/hotel-worker', 'ServiceAccount/hotel-app',
      'ConfigMap/hotel-config', 'Cluster/hotel-shard-0', 'Cluster/hotel-shard-1', 'RabbitmqCluster/hotel-rabbitmq', 'Elasticsearch/hotel-search',
      'OpenTelemetryCollector/hotel-otel', 'PrometheusRule/hotel-alerts', 'PodMonitor/hotel-app', 'ScaledObject/hotel-worker',
  'TriggerAuthentication/hotel-amqp',
    ]) {
      expect(kinds, required).toContain(required);
    }
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set([name === 'prod' ? 'hotel' : 'hotel-dev']));
  });

  it('is valid against the Kubernetes and operator schemas', async () => {
    for (const obj of objects) await validate(obj);
  });

  it('pins every image to a version: no latest, no missing tag', () => {
    const images = objects.flatMap(imageOf);
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) {
      const tag = /^(?:[^/]+\/)*[^/:@]+(?::([^@]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
      expect(tag, image).not.toBeNull();
      expect(tag![1] ?? (image.includes('@sha256:') ? 'digest' : undefined), `${image} has no tag`).toBeDefined();
      expect(tag![1], image).not.toBe('latest');
    }
    expect(images).toContain(`registry.example.com/hotel/hotel-reservation:${name === 'prod' ? '0.1.0' : '0.1.0-dev'}`);
  });

  it('gives every container probes, requests and limits, and runs nothing as root', () => {
    for (const { owner, pod } of podSpecs(objects)) {
      const where = `${owner.kind}/${owner.metadata.name}`;
      expect(pod.securityContext?.runAsNonRoot, where).toBe(true);
      expect(pod.automountServiceAccountToken, where).toBe(false);
      for (const c of pod.containers) {
        expect(c.readinessProbe, `${where} ${c.name} readiness`).toBeDefined();
        expect(c.livenessProbe, `${where} ${c.name} liveness`).toBeDefined();
        for (const kind of ['requests', 'limits']) for (const r of ['cpu', 'memory']) expect(c.resources?.[kind]?.[r], `${where} ${c.name} ${kind}.${r}`).toBeDefined();
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(c.securityContext?.capabilities?.drop, where).toEqual(['ALL']);
      }
    }
    for (const kind of ['Cluster', 'RabbitmqCluster', 'OpenTelemetryCollector'])
      for (const o of objects.filter((x) => x.kind === kind)) expect(o.spec.resources?.limits?.memory, `${kind}/${o.metadata.name}`).toBeDefined();
  });

  it('probes the app on its operations port: /readyz for readiness, /livez for liveness', () => {
    for (const { owner, pod } of podSpecs(objects).filter((p) => p.owner.metadata.name.match(/^hotel-(api|worker)$/))) {
      const [c] = pod.containers;
      expect(c.readinessProbe.httpGet, owner.metadata.name).toEqual({ path: '/readyz', port: 'ops' });
      expect(c.livenessProbe.httpGet, owner.metadata.name).toEqual({ path: '/livez', port: 'ops' });
      expect(c.ports.find((p: { name: string }) => p.name === 'ops').containerPort).toBe(9464);
      expect(c.env.find((e: { name: string }) => e.name === 'ROLE').value).toBe(owner.metadata.name === 'hotel-api' ? 'api' : 'worker');
    }
  });

  it('selects real pods from every Service, PDB, HPA, NetworkPolicy and PodMonitor', () => {
    const pods = podSpecs(objects).map((p) => p.labels);
    const matches = (selector: Record<string, string>) => pods.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    for (const o of objects) {
      if (o.kind === 'Service') expect(matches(o.spec.selector), `Service/${o.metadata.name}`).toBe(true);
      if (o.kind === 'PodDisruptionBudget' || o.kind === 'NetworkPolicy')
        expect(matches(o.spec.selector?.matchLabels ?? o.spec.podSelector.matchLabels), `${o.kind}/${o.metadata.name}`).toBe(true);
      if (o.kind === 'HorizontalPodAutoscaler') expect(objects.some((d) => d.kind === 'Deployment' && d.metadata.name === o.spec.scaleTargetRef.name)).toBe(true);
    }
    const headless = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'hotel-api-headless')!;
    expect(headless.spec.clusterIP).toBe('None');
  });

  it('scales every Deployment with at most one autoscaler, and the workers on every consumer queue the application declares', () => {
    const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject');
    const targets = autoscalers.map((o) => o.spec.scaleTargetRef.name as string);
    expect(new Set(targets).size, 'KEDA makes its own HPA: a second one on the same Deployment would fight it').toBe(targets.length);
    for (const target of targets) expect(objects.some((d) => d.kind === 'Deployment' && d.metadata.name === target), target).toBe(true);
    const worker = objects.find((o) => o.kind === 'ScaledObject' && o.spec.scaleTargetRef.name === 'hotel-worker')!;
    const prefix = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('hotel-config'))!.data!['AMQP_QUEUE_PREFIX'];
    const scaledQueues = worker.spec.triggers.filter((t: { type: string }) => t.type === 'rabbitmq').map((t: { metadata: { queueName: string } }) => t.metadata.queueName).sort();
    expect(scaledQueues).toEqual(declaredConsumers().map((c) => `${prefix}.${c}`).sort());
    for (const t of worker.spec.triggers.filter((x: { authenticationRef?: unknown }) => x.authenticationRef))
      expect(objects.some((o) => o.kind === 'TriggerAuthentication' && o.metadata.name === t.authenticationRef.name)).toBe(true);
  });

  it('expands $(VAR) in container env only from variables defined above it (Kubernetes leaves the rest literal)', () => {
    for (const { owner, pod } of podSpecs(objects))
      for (const c of [...(pod.initContainers ?? []), ...pod.containers] as { name: string; env?: { name: string; value?: string }[] }[]) {
        const seen = new Set<string>();
        for (const e of c.env ?? []) {
          for (const m of (e.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g))
            expect(seen.has(m[1]!), `${owner.kind}/${owner.metadata.name} ${c.name}: ${e.name} uses $(${m[1]}) before it is defined`).toBe(true);
          seen.add(e.name);
        }
      }
  });

  it('runs an Elasticsearch server no older than the client library (DESIGN.md section 12)', () => {
    const server = objects.find((o) => o.kind === 'Elasticsearch')!.spec.version as string;
    const client = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['@elastic/elasticsearch']!;
    const [sMajor, sMinor] = server.split('.').map(Number) as [number, number];
    const [cMajor, cMinor] = client.split('.').map(Number) as [number, number];
    expect(sMajor, `server ${server}, client ${client}`).toBe(cMajor);
    expect(sMinor, `server ${server}, client ${client}`).toBeGreaterThanOrEqual(cMinor);
  });

  it('refers only to ConfigMaps and Secrets that exist or are documented as made out of band', () => {
    const defined = new Set(objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret').map((o) => o.metadata.name));
    const referenced = new Set<string>();
    const walk = (v: unknown, key?: string): void => {
      if (Array.isArray(v)) return v.forEach((x) => walk(x, key === 'secretTargetRef' ? key : undefined));
      if (typeof v !== 'object' || v === null) return;
      const o = v as Record<string, unknown>;
      if ((key === 'configMapRef' || key === 'secretKeyRef' || key === 'configMapKeyRef' || key === 'secret' || key === 'accessKeyId' || key === 'secretAccessKey' || key === 'secretTargetRef') && typeof o['name'] === 'string') referenced.add(o['name']);
      if (typeof o['secretName'] === 'string') referenced.add(o['secretName']);
      for (const [k, x] of Object.entries(o)) walk(x, k);
    };
    objects.forEach((o) => walk(o.spec));
    for (const ref of referenced) expect(defined.has(ref) || OUT_OF_BAND_SECRETS[name]!.includes(ref), `${ref} is neither rendered nor documented`).toBe(true);
  });

  it('runs each shard as its own CloudNativePG cluster' + (name === 'prod' ? ' with a synchronous replica and backups' : ''), () => {
    const clusters = objects.filter((o) => o.kind === 'Cluster');
    expect(clusters.map((c) => c.metadata.name)).toEqual(['hotel-shard-0', 'hotel-shard-1']);
    if (name !== 'prod') return;
    for (const c of clusters) {
      expect(c.spec.instances).toBeGreaterThanOrEqual(3);
      expect(c.spec.postgresql.synchronous).toMatchObject({ number: 1, dataDurability: 'required' });
      expect(c.spec.backup.barmanObjectStore.destinationPath).toContain(c.metadata.name);
      expect(objects.some((b) => b.kind === 'ScheduledBackup' && b.spec.cluster.name === c.metadata.name)).toBe(true);
    }
    expect(objects.find((o) => o.kind === 'RabbitmqCluster')!.spec.replicas).toBe(3);
    expect(objects.find((o) => o.kind === 'Elasticsearch')!.spec.nodeSets[0].count).toBe(3);
  });
});

describe('the dev shard map', () => {
  it('points at both shard clusters and covers every bucket', () => {
    const secret = overlays.dev.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith('hotel-shard-map'))!;
    const map = JSON.parse(Buffer.from(secret.data!['shard-map.json']!, 'base64').toString('utf8')) as { shards: { url: string; buckets: string }[] };
    expect(map.shards.map((s) => new URL(s.url).host)).toEqual(['hotel-shard-0-rw:5432', 'hotel-shard-1-rw:5432']);
    expect(map.shards.map((s) => s.buckets)).toEqual(['0-511', '512-1023']);
  });
});

describe('the partial operator schemas', () => {
  it('refuse a misspelt field and a wrong type (they are not a rubber stamp)', async () => {
    const cluster = structuredClone(overlays.prod.find((o) => o.kind === 'Cluster')!);
    cluster.spec.instancez = 3;
    await expect(validate(cluster)).rejects.toThrow('must NOT have additional properties');
    const rabbit = structuredClone(overlays.prod.find((o) => o.kind === 'RabbitmqCluster')!);
    rabbit.spec.replicas = 'three';
    await expect(validate(rabbit)).rejects.toThrow('must be integer');
    const deployment = structuredClone(overlays.prod.find((o) => o.kind === 'Deployment')!);
    deployment.spec.replicas = 'three';
    await expect(validate(deployment)).rejects.toThrow();
  });
});
