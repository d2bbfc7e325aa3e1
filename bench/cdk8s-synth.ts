// The baseline: the same bench-app charts synthesized by plain cdk8s App.synth() in a fresh process.
// Prints the time synth() alone took, in ms, on stdout.
import { App } from 'cdk8s';
import template from './fixtures/templates/bench-app/index.ts';

const [outdir, count] = [process.argv[2]!, Number(process.argv[3])];
const app = new App({ outdir });
const files = { resolve: (p: string) => p, read: () => '', readYaml: () => [] };
for (let i = 0; i < count; i++) {
  const id = `app-${String(i).padStart(4, '0')}`;
  const options = template.options.parse({ image: `registry.example.com/${id}:1.${i}` });
  template.build(app, { id, namespace: id, options, kubeVersion: '1.34', cluster: { name: 'default', facts: {} }, files, assets: {} });
}
const started = performance.now();
app.synth();
process.stdout.write(String(performance.now() - started));
