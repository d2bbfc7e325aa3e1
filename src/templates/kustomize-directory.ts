// The `kustomizeDirectory` construct: records a kustomization directory of the source repo; the render builds every
// one with the runtime's KustomizeBuilder (the real `kubectl kustomize`) after all templates have run.
import { Construct } from 'constructs';
import type { KubeObject } from '../model/kube-object.ts';
import { PlainApiObject } from './plain-api-object.ts';

export interface KustomizeDirectoryProps {
  /** The kustomization directory (holding kustomization.yaml), relative to the source repo's root. */
  readonly path: string;
}

const KUSTOMIZE_DIRECTORY = Symbol.for('homelab.KustomizeDirectory');

export class KustomizeDirectory extends Construct {
  static isKustomizeDirectory(value: unknown): value is KustomizeDirectory {
    return typeof value === 'object' && value !== null && KUSTOMIZE_DIRECTORY in value;
  }

  readonly props: KustomizeDirectoryProps;

  constructor(scope: Construct, id: string, props: KustomizeDirectoryProps) {
    super(scope, id);
    this.props = props;
    Object.defineProperty(this, KUSTOMIZE_DIRECTORY, { value: true });
  }

  /** Called by the render with kustomize's output: each object becomes an ApiObject of this construct. */
  addBuiltObjects(objects: readonly KubeObject[]): void {
    for (const [index, object] of objects.entries()) {
      new PlainApiObject(this, `${index}-${object.kind}-${object.metadata.namespace ?? ''}-${object.metadata.name}`, object);
    }
  }
}

/** Builds a kustomization directory of the source repo into the app: `kustomizeDirectory(chart, 'app', { path: 'deploy/prod' })`. */
export function kustomizeDirectory(scope: Construct, id: string, props: KustomizeDirectoryProps): KustomizeDirectory {
  return new KustomizeDirectory(scope, id, props);
}
