// The templates' worker thread: loads the user's templates and runs every app's template code (stages 2–3) of each
// cluster the render thread sends the config of, one cluster at a time, apart from homelab, so a template cannot end,
// hang or move the render: process.exit() fails its app, the render thread can stop a step that takes too long, and
// console output goes where the render thread sends it. One worker serves the whole render: templates load once.
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { HomelabConfig } from '../../config/model.ts';
import type { Problem } from '../../errors.ts';
import type { BuiltApp, TemplateStep } from '../../render/build-apps.ts';
import type { Template, TemplateSet } from '../../templates/contract.ts';
import { CacheStore } from '../../cache/store.ts';
import { HelmChart } from '../../templates/helm-chart.ts';
import { KustomizeDirectory } from '../../templates/kustomize-directory.ts';
import { readLock } from '../../assets/lock.ts';
import { LockedAssets } from '../../assets/resolve.ts';
import { YamlFile, type YamlOutline } from '../../config/yaml-file.ts';
import { buildApps } from '../../render/build-apps.ts';
import { builtinTemplates } from '../../templates/builtin/index.ts';
import { loadTemplates, userTemplateFile } from '../../templates/load.ts';
import { sourceFiles } from '../../templates/source-files.ts';
import { errorRecord, mapConfigFiles, stepName, type AppRecord, type BuildRequest, type ConfigRecord, type ConstructRecord, type StepRef, type TransformAnswer, type TransformRequest, type WorkerInput, type WorkerMessage } from './messages.ts';

interface RunningStep {
  readonly ref: StepRef;
  /** Which of the worker's builds (clusters, in order) the step belongs to. */
  readonly build: number;
  /** The code process.exit() was called with, if it was (the template may have caught what it threw). */
  exited?: string;
}

const input = workerData as WorkerInput;
const steps = new AsyncLocalStorage<RunningStep>();
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
let seq = 0;
/** The build (cluster) being run: its position in the render's clusters. */
let building = 0;

// A template that calls process.exit() fails, wherever it is caught: it cannot make homelab exit 0 having done nothing.
process.exit = ((code?: number | string | null) => {
  const running = steps.getStore();
  const text = `process.exit(${code ?? ''})`;
  if (running) running.exited ??= text;
  throw new Error(`${running ? stepName(running.ref) : 'a template'} called ${text}: a template cannot end homelab; return the Chart, or throw an Error to fail the app`);
}) as typeof process.exit;

// What escapes a step (a rejection nobody handles, a throw in a timer) is that step's fault: the render thread fails the render.
const fault = (what: string) => (reason: unknown) => {
  const running = steps.getStore();
  post({ type: 'fault', build: running?.build ?? building, ...(running && { ref: running.ref }), what, error: errorRecord(reason) });
};
process.on('unhandledRejection', fault('a promise rejection unhandled'));
process.on('uncaughtException', fault('an exception uncaught'));

/** Runs template code as a step the render thread times; a step that called process.exit() fails even if it returned. */
function runStep<T>(ref: StepRef, run: () => T, announce = true): T {
  const id = seq++;
  if (announce) post({ type: 'start', seq: id, ref });
  const running: RunningStep = { ref, build: building };
  const end = () => {
    if (announce) post({ type: 'end', seq: id });
    if (running.exited) throw new Error(`${stepName(ref)} called ${running.exited}: a template cannot end homelab; return the Chart, or throw an Error to fail the app`);
  };
  let result: T;
  try {
    result = steps.run(running, run);
  } catch (error) {
    if (announce) post({ type: 'end', seq: id });
    throw error;
  }
  if (result instanceof Promise) {
    return result.then((value: unknown) => {
      end();
      return value;
    }, (error: unknown) => {
      if (announce) post({ type: 'end', seq: id });
      throw error;
    }) as T;
  }
  end();
  return result;
}

const step: TemplateStep = (app, name, run) => runStep({ app: app.index, step: name }, run);

/** Every construct of each built app of the latest build, by app index, for the transforms its Helm phase asks for. */
let trees = new Map<number, IConstruct[]>();

function record(built: BuiltApp): AppRecord {
  const all = built.scope.node.findAll();
  trees.set(built.app.index, all);
  const index = new Map<IConstruct, number>(all.map((construct, i) => [construct, i]));
  const constructs = all.map((construct, i): ConstructRecord => {
    if (i === 0) return { type: 'app' };
    const parent = index.get(construct.node.scope!)!;
    const id = construct.node.id;
    if (ApiObject.isApiObject(construct)) {
      try {
        return { type: 'object', parent, id, apiVersion: construct.apiVersion, kind: construct.kind, json: construct.toJson() };
      } catch (error) {
        return { type: 'object', parent, id, apiVersion: construct.apiVersion, kind: construct.kind, error: errorRecord(error).message };
      }
    }
    if (KustomizeDirectory.isKustomizeDirectory(construct)) return { type: 'kustomize', parent, id, props: construct.props };
    if (HelmChart.isHelmChart(construct)) {
      const { transform, ...props } = construct.props;
      return { type: 'helm', parent, id, props, transform: transform !== undefined };
    }
    return { type: Chart.isChart(construct) ? 'chart' : 'node', parent, id };
  });
  return { index: built.app.index, constructs };
}

/** The clusters asked for and not yet built: the render thread asks for each next one once the Helm phase of the one before (which runs its transforms here) is done. */
const asked: Omit<BuildRequest, 'type'>[] = [];
let stopping = false;
let wake = () => {};
parentPort!.on('message', (message: 'ping' | 'close' | BuildRequest) => {
  if (typeof message === 'object') {
    asked.push(message);
    return wake();
  }
  if (message === 'ping') return post({ type: 'pong' });
  // Asked to end after a good build: with its ports closed, the worker ends once what templates left running ends.
  stopping = true;
  wake();
  parentPort!.close();
  input.port.close();
});

input.port.on('message', (request: TransformRequest) => {
  let answer: TransformAnswer;
  try {
    const construct = trees.get(request.app)?.[request.construct];
    if (!construct || !HelmChart.isHelmChart(construct) || !construct.props.transform) throw new Error('no such helmChart transform');
    const transform = construct.props.transform;
    answer = { objects: runStep({ app: request.app, step: 'transform' }, () => transform(request.objects as never), false) };
  } catch (error) {
    answer = { error: errorRecord(error) };
  }
  try {
    input.port.postMessage(answer);
  } catch (error) {
    input.port.postMessage({ error: errorRecord(error) } satisfies TransformAnswer);
  }
  Atomics.store(input.answered, 0, 1);
  Atomics.notify(input.answered, 0);
});

/** How many built apps go in one message. */
const APPS_PER_MESSAGE = 25;

/** Templates loaded by an earlier cluster's build, by name: each is loaded once per render. */
const loaded = new Map<string, Template>();

/** Stage 2 for one cluster: the templates its apps use that no earlier cluster loaded (a broken one fails only the clusters using it). */
async function templatesFor(config: HomelabConfig, compiled: ReturnType<CacheStore['namespace']> | undefined): Promise<TemplateSet> {
  const missing = config.apps.filter((app) => !loaded.has(app.template));
  if (missing.length > 0) {
    const users = [...new Set(missing.map((app) => app.template))].sort().filter((name) => existsSync(path.join(config.sourceDir, userTemplateFile(name))));
    // The pipeline's stage 2 (pipeline.ts loadTemplates), without importing the rest of the pipeline.
    const fresh = await runStep({ templates: users, step: 'load' }, () => loadTemplates({ ...config, apps: missing }, { builtins: builtinTemplates, ...(compiled && { compiled }) }));
    for (const [name, template] of fresh) loaded.set(name, template);
  }
  return new Map(config.apps.map((app) => [app.template, loaded.get(app.template)!]));
}

/** The config the render thread sent, its files able to locate problems as they do there. */
function reviveConfig(record: ConfigRecord): HomelabConfig {
  const files = new Map<YamlOutline, YamlFile>();
  return mapConfigFiles(record, (outline) => files.get(outline) ?? files.set(outline, YamlFile.fromOutline(outline)).get(outline)!);
}

// Compiled templates come from the render cache as in the render thread; its warnings are told there, once.
const compiled = input.cache && new CacheStore({ ...input.cache, warn: () => {} }).namespace('template');
let assets: LockedAssets | undefined;
for (let index = 0; ; index++) {
  while (asked.length === 0 && !stopping) await new Promise<void>((resolve) => (wake = resolve));
  if (stopping) break;
  const request = asked.shift()!;
  const config = reviveConfig(request.config);
  building = index;
  trees = new Map();
  try {
    const templates = await templatesFor(config, compiled);
    // The render thread has read the lock: reading it here again would cost the YAML parser's first, slow run.
    assets ??= new LockedAssets(config.sourceDir, request.lock ?? await readLock(config.sourceDir));
    const warnings: Problem[] = [];
    // The pipeline's stage 3 (pipeline.ts buildApps).
    const built = await buildApps({ config, templates, files: sourceFiles(config.sourceDir, warnings), assets, step });
    // A rejection a template left unhandled surfaces after the microtasks it ran in: report it before the result.
    await new Promise((resolve) => setImmediate(resolve));
    // In parts, so that the render thread takes in the first apps while the rest are serialized here.
    for (let start = 0; start < built.length; start += APPS_PER_MESSAGE) post({ type: 'apps', build: index, apps: built.slice(start, start + APPS_PER_MESSAGE).map(record) });
    post({ type: 'built', build: index, warnings });
  } catch (error) {
    post({ type: 'failed', build: index, error: errorRecord(error) });
  }
}
