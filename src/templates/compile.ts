// Compiles a user template, with the files it imports from the source repo, into one ES module that Node
// imports directly. esbuild does the TypeScript (it is what tsx runs on); loading through module hooks
// instead would cost ~70 ms per run on Node 20, whose hooks live on a thread that takes ~50 ms to start
// and then slow every later import.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import { HomelabError, type SourcePosition } from '../errors.ts';
import type { ContentCache } from '../model/content-cache.ts';
import { BUNDLE_DIR } from '../util/bundled.ts';
import { perFileImportMeta } from '../util/per-file-import-meta.ts';
import { sha256Hex } from '../util/sha256.ts';

/** A template that esbuild could not compile, with where. */
export class TemplateCompileError extends HomelabError {
  override readonly name = 'TemplateCompileError';
  constructor(message: string, readonly file: string | undefined, readonly position: SourcePosition | undefined, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Compiles the template at `entry` and imports it. `homelab`, `cdk8s`, `constructs` and `zod` resolve to the
 * running package's own instances, so templates share them with the renderer and a source repo needs no
 * install; other packages are imported from where Node would find them, by absolute URL.
 */
export async function importTemplate(entry: string, sourceDir: string, cache?: ContentCache): Promise<Record<string, unknown>> {
  const code = (cache && await cachedBundle(entry, sourceDir, cache)) ?? await compileTemplate(entry, sourceDir, cache);
  // Keyed by the compiled code: a process that renders again (tests, watch mode) reuses an unchanged
  // template instead of loading another copy, and sees an edited one.
  const key = sha256Hex(code);
  let loading = imported.get(key);
  if (!loading) {
    loading = importCode(code, path.basename(path.dirname(entry)));
    imported.set(key, loading);
    loading.catch(() => imported.delete(key));
  }
  return loading;
}

const imported = new Map<string, Promise<Record<string, unknown>>>();

/**
 * From a file, not a data: URL: Node 20 applies source maps only to file modules. Once imported, the
 * module lives in memory, so the file can go at once.
 */
async function importCode(code: Uint8Array, name: string): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-template-'));
  try {
    const file = path.join(dir, `${name}.mjs`);
    await writeFile(file, code);
    process.setSourceMapsEnabled(true);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What a compiled template depends on besides homelab itself: every file esbuild bundled, the packages it left to Node
 * (their resolved file and package.json), and the source repo's tsconfig.json, package.json and package-lock.json.
 */
interface BundleInputs {
  readonly files: readonly string[];
}

/** The bundle of `entry` from the cache when every input still has the bytes it was compiled from. */
async function cachedBundle(entry: string, sourceDir: string, cache: ContentCache): Promise<Uint8Array | undefined> {
  const recorded = await cache.read(inputsKey(entry, sourceDir));
  if (!recorded) return undefined;
  let inputs: BundleInputs;
  try {
    inputs = JSON.parse(recorded.toString('utf8')) as BundleInputs;
  } catch {
    return undefined;
  }
  return (await cache.read(await bundleKey(entry, sourceDir, inputs))) ?? undefined;
}

function inputsKey(entry: string, sourceDir: string): string {
  return `inputs\0${sourceDir}\0${entry}`;
}

/** The bundle's digest: the compile settings and the current bytes of every input (absent files count as absent). */
async function bundleKey(entry: string, sourceDir: string, inputs: BundleInputs): Promise<string> {
  const digests = await Promise.all(inputs.files.map(async (file) => `${file}\0${await readFile(file).then(sha256Hex, () => 'absent')}`));
  return `bundle\0${sha256Hex(JSON.stringify({ entry, sourceDir, digests }))}`;
}

/** The files outside the bundle whose change could change it (see BundleInputs). */
function projectFiles(sourceDir: string): string[] {
  return ['tsconfig.json', 'package.json', 'package-lock.json'].map((name) => path.join(sourceDir, name));
}

/** The package.json governing a resolved file: a version bump there may resolve the import elsewhere. */
function packageManifestOf(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'package.json');
    if (path.dirname(dir) === dir) return undefined;
  }
}

async function compileTemplate(entry: string, sourceDir: string, cache?: ContentCache): Promise<Uint8Array> {
  const esbuild = await import('esbuild');
  const importMeta = perFileImportMeta();
  const externals = new Set<string>();
  let result;
  try {
    result = await esbuild.build({
      metafile: cache !== undefined,
      entryPoints: [entry],
      absWorkingDir: sourceDir,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      // Stack traces then name the template's own files (see templateFrame in render-app).
      sourceRoot: `${pathToFileURL(sourceDir).href}/`,
      // Each file's import.meta is its own, as if Node had loaded it.
      define: importMeta.define,
      logLevel: 'silent',
      plugins: [sharedModules(externals), importMeta.plugin],
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const location = errors[0]?.location;
    if (errors.length === 0) throw error;
    // esbuild counts columns from 0; editors and compilers from 1.
    const position = location ? { line: location.line, column: location.column + 1 } : undefined;
    throw new TemplateCompileError(errors.map((message) => message.text).join('; '), location?.file, position, { cause: error });
  }
  const code = result.outputFiles[0]!.contents;
  if (cache && result.metafile) {
    const bundled = Object.keys(result.metafile.inputs).map((input) => path.resolve(sourceDir, input));
    const packages = [...externals].flatMap((file) => [file, packageManifestOf(file)].filter((f): f is string => f !== undefined));
    const inputs: BundleInputs = { files: [...new Set([...bundled, ...packages, ...projectFiles(sourceDir)])].sort() };
    await cache.write(await bundleKey(entry, sourceDir, inputs), code);
    await cache.write(inputsKey(entry, sourceDir), JSON.stringify(inputs));
  }
  return code;
}

const SKIP = { homelabResolved: true };

/** `externals` collects the files of the packages left to Node, which the compiled code depends on. */
function sharedModules(externals: Set<string>): Plugin {
  const self = import.meta.url.endsWith('.ts') ? '../index.ts' : '../index.js';
  const shared: Record<string, string> = {
    // Bundled, the worker's own modules are the bundle's: templates share them through its entry.
    homelab: (BUNDLE_DIR ? new URL('index.js', BUNDLE_DIR) : new URL(self, import.meta.url)).href,
    cdk8s: import.meta.resolve('cdk8s'),
    constructs: import.meta.resolve('constructs'),
    zod: import.meta.resolve('zod'),
  };
  return {
    name: 'homelab-shared-modules',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind === 'entry-point' || (args.pluginData as typeof SKIP | undefined)?.homelabResolved) return undefined;
        if (Object.hasOwn(shared, args.path)) return { path: shared[args.path]!, external: true };
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        // The compiled module lives elsewhere, so import packages by absolute URL, resolved from the importer.
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: SKIP });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        externals.add(resolved.path);
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

