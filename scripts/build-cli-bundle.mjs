#!/usr/bin/env node
// Bundles the compiled CLI with esbuild into dist/bundle/, which bin/homelab.js runs. Node 20 loads ES modules one
// file at a time: a render loads ~290 of homelab's and its libraries' modules on the render thread and ~300 in the
// templates' worker, about 0.35 s and 0.9 s before either can start. Run by `npm run build`, after tsc.
//
// Three entries share their modules (splitting): the CLI (main.js; each command a chunk, loaded when run), the
// templates' worker (worker.js) and homelab's public API (index.js), which user templates import as `homelab`
// (templates/compile.ts), so a thread has one copy of each homelab module, whichever entry loaded it. cdk8s,
// constructs and zod stay in node_modules/, where templates and the packages they use import them from too.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { perFileImportMeta } from '../dist/util/per-file-import-meta.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const temp = path.join(dist, `.bundle-${process.pid}`);
// Each file finds what lies beside it (schemas/, package.json) where tsc put it, relative to the bundle, so that
// an installed package (dist/ and node_modules/ moved together) still finds them.
const importMeta = perFileImportMeta({ relativeTo: temp, commonJs: true });

/**
 * CommonJS packages (cdk8s, constructs, esbuild) are required rather than imported: importing CommonJS from an ES
 * module makes Node scan every file the package re-exports for its export names, ~90 ms per thread for cdk8s and
 * constructs. The module required is the one templates import (Node's CommonJS cache holds one instance per file),
 * with the same names. cdk8s's own copy of yaml loads when first used (util/defer-require.ts): a render never does.
 */
const deferRequire = path.join(dist, 'util/defer-require.js');
const requireShared = {
  name: 'homelab-require-shared',
  setup(bundle) {
    bundle.onResolve({ filter: /^(?:cdk8s|constructs|esbuild)$/ }, (args) =>
      // The shim's own require is Node's, at run time.
      args.namespace === 'homelab-require-shared' ? { path: args.path, external: true } : { path: args.path, namespace: 'homelab-require-shared' });
    bundle.onLoad({ filter: /.*/, namespace: 'homelab-require-shared' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(args.path)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      const defer = args.path === 'cdk8s' ? `import { deferRequire } from ${JSON.stringify(deferRequire)};\ndeferRequire('yaml', require.resolve('cdk8s'));\n` : '';
      return { contents: `${defer}const shared = require(${JSON.stringify(args.path)});\nexport default shared;\nexport const { ${names.join(', ')} } = shared;\n`, loader: 'js', resolveDir: root };
    });
  },
};

const result = await build({
  entryPoints: {
    main: path.join(dist, 'cli/main.js'),
    worker: path.join(dist, 'pipeline/template-worker/worker.js'),
    index: path.join(dist, 'index.js'),
  },
  outdir: temp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // util/bundled.ts: where the bundle is, from dist/util/.
  define: { ...importMeta.define, HOMELAB_BUNDLE: JSON.stringify('../bundle/') },
  plugins: [requireShared, importMeta.plugin],
  // esbuild runs its own binary, found from its package; the Kubernetes client is big and only status and report
  // need it; cdk8s, constructs and zod are shared with user templates (see above).
  external: ['esbuild', '@kubernetes/client-node', 'cdk8s', 'constructs', 'zod'],
  // Bundled CommonJS code requires Node's built-ins.
  banner: { js: `${importMeta.banner} import { createRequire as __homelab_require } from 'node:module'; const require = __homelab_require(import.meta.url);` },
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
});
await rm(path.join(dist, 'bundle'), { recursive: true, force: true });
await rename(temp, path.join(dist, 'bundle'));
const outputs = Object.values(result.metafile.outputs);
const size = outputs.reduce((sum, output) => sum + output.bytes, 0);
console.log(`cli bundle: dist/bundle/ ${outputs.length} files, ${(size / 1024 / 1024).toFixed(1)} MiB from ${Object.keys(result.metafile.inputs).length} modules`);
