// Built-in template `kustomize`: a kustomization directory of the source repo, built with the real kustomize.
import { Chart } from 'cdk8s';
import { z } from 'zod';
import { defineTemplate } from '../contract.ts';
import { kustomizeDirectory } from '../kustomize-directory.ts';

export const kustomizeOptions = z.strictObject({
  /** The kustomization directory (holding kustomization.yaml), relative to the source repo. */
  path: z.string().min(1),
});

export default defineTemplate({
  name: 'kustomize',
  description: 'a kustomization directory of the source repository, built with kubectl kustomize',
  options: kustomizeOptions,
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    // Refuses paths outside the source repo now, with the template's error location.
    app.files.resolve(app.options.path);
    kustomizeDirectory(chart, 'kustomization', { path: app.options.path });
    return chart;
  },
});
