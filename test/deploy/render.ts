import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A rendered Kubernetes object (loosely typed: the tests read what they check). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped YAML
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

/**
 * `kustomize build` of an overlay through `kubectl kustomize` (kustomize v5 is built into kubectl;
 * the standalone binary is not packaged for this machine). Fails loudly when kubectl is missing.
 */
export function render(overlay: string): K8sObject[] {
  let out: string;
  try {
    out = execFileSync('kubectl', ['kustomize', `deploy/k8s/overlays/${overlay}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('kubectl is needed to render the kustomize overlays (kubectl kustomize); .ci/run installs it');
    throw new Error(`kubectl kustomize deploy/k8s/overlays/${overlay} failed:\n${e.stderr ?? String(error)}`);
  }
  return parseAllDocuments(out).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((x) => x.message).join('\n'));
    const obj = doc.toJS() as K8sObject;
    // kustomize folds long base64 values over lines; the API server's decoder skips the newlines.
    if (obj.kind === 'Secret' && obj.data) for (const [k, v] of Object.entries(obj.data)) obj.data[k] = v.replace(/\s+/g, '');
    return obj;
  });
}
