// A problem in one rendered object: names the app, the object, the file it will be written to, and the field.
import type { Problem } from '../errors.ts';
import { describeObject, type KubeObject } from '../model/kube-object.ts';

/** One object of the render, where it will be written: `<app>/<file>` inside the manifests tree. */
export interface RenderedObject {
  readonly app: string;
  /** File name inside the app's directory, e.g. `29-deployment-blog.yaml`. */
  readonly file: string;
  readonly object: KubeObject;
}

export function objectProblem(at: RenderedObject, path: string | undefined, message: string): Problem {
  return {
    app: at.app,
    object: at.object.metadata?.name ? describeObject(at.object) : `${at.object.kind || 'object'} without a name`,
    file: `${at.app}/${at.file}`,
    ...(path !== undefined && path !== '' && { path }),
    message,
  };
}
