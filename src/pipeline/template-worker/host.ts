// The render thread's side of the templates' worker: starts it, asks it for each cluster's apps in turn, times each
// step of template code, turns a step that hangs, exits, crashes or runs out of memory into a ConfigError naming the
// app and template, and rebuilds the built apps from what the worker sends, for the Helm phase and assemble.
import { receiveMessageOnPort } from 'node:worker_threads';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { AssetsLock } from '../../assets/lock.ts';
import type { AppSpec, HomelabConfig } from '../../config/model.ts';
import type { YamlFile, YamlOutline } from '../../config/yaml-file.ts';
import { ConfigError, HomelabError, type Problem } from '../../errors.ts';
import type { KubeObject } from '../../model/kube-object.ts';
import { describeApp, type BuiltApp } from '../../render/build-apps.ts';
import { HelmChart } from '../../templates/helm-chart.ts';
import { KustomizeDirectory } from '../../templates/kustomize-directory.ts';
import { userTemplateFile } from '../../templates/load.ts';
import { parseDuration } from '../../util/duration.ts';
import { sha256Hex } from '../../util/sha256.ts';
import { spawnTemplateWorker, workerMemoryMb, type SpawnedWorker } from './spawn.ts';
import { mapConfigFiles, stepName, type AppRecord, type BuildRequest, type ConfigRecord, type ErrorRecord, type StepRef, type TransformAnswer, type TransformRequest, type WorkerInput, type WorkerMessage } from './messages.ts';

/** How long a worker with a step over time has to answer before it counts as stuck in that step. */
const PROBE_MS = 1000;

/** @default for config/flux.yaml `templates.timeout`. */
export const DEFAULT_TEMPLATE_TIMEOUT = '60s';

/**
 * The templates' worker of one render, started before the config is read so that its start-up overlaps the render
 * thread's. It builds the render's clusters in turn, one per `build()` call, each asked for once the Helm phase of
 * the one before (which runs its chart transforms there) is done.
 */
export interface TemplateWorker {
  /**
   * Stages 2–3 for the next cluster: the templates its apps use loaded and every app built; `warnings` collects the
   * YAML reader's notes. `config` is that cluster's config (configForCluster); the worker gets it as plain data, with
   * `lock` (assets/lock.yaml, read) when given.
   */
  build(config: HomelabConfig, warnings: Problem[], lock?: AssetsLock): Promise<BuiltApp[]>;
  /** Throws what a template did wrong after the cluster's apps were built (a timer that threw, a late rejection). */
  check(): void;
  /** True once the worker has been stopped by a template (hang, exit, crash, out of memory): it builds nothing more. */
  readonly broken: boolean;
  /** Ends the worker and whatever the templates left running (timers, sockets, loops). */
  close(): Promise<void>;
}

export interface TemplateWorkerOptions {
  /** Where the templates' console output goes (stdout stays homelab's own, for --json). @default process.stderr */
  readonly log?: (chunk: Uint8Array | string) => void;
  /** The render cache, where compiled templates are kept. */
  readonly cache?: WorkerInput['cache'];
  /** A worker started earlier (spawn.ts) with that cache, to drive instead of starting one. */
  readonly spawned?: SpawnedWorker;
}

/** What went wrong, before the config is known to say where. */
type Failure = (config: HomelabConfig) => ConfigError;

/**
 * Starts the worker. Its heap limit is homelab's own (raise both with NODE_OPTIONS=--max-old-space-size=…); each step
 * of template code has config/flux.yaml `templates.timeout`.
 */
export function startTemplates(options: TemplateWorkerOptions = {}): TemplateWorker {
  const log = options.log ?? ((chunk) => process.stderr.write(chunk));
  const { worker, port: port1, answered } = options.spawned ?? spawnTemplateWorker(options.cache);
  // Started early, it did not keep homelab running; driven, it does.
  worker.ref();
  worker.stdout.on('data', log);

  /** The config of the cluster asked for last, and how many have been asked for. */
  let config: HomelabConfig | undefined;
  let builds = 0;
  let timeout = { text: DEFAULT_TEMPLATE_TIMEOUT, ms: parseDuration(DEFAULT_TEMPLATE_TIMEOUT) };
  const inFlight = new Map<number, { ref: StepRef; started: number; timer?: NodeJS.Timeout }>();
  let failure: Failure | undefined;
  let closed: Promise<void> | undefined;
  let settle: { resolve: (apps: BuiltApp[]) => void; reject: (error: unknown) => void } | undefined;
  /** What the worker sent for each build not yet delivered. */
  const outcomes = new Map<number, { warnings: readonly Problem[] } | { error: Error }>();
  /** The apps of each build received so far: those of the build asked for are rebuilt as they come, while the worker sends the rest. */
  const received = new Map<number, { apps: BuiltApp[]; records: AppRecord[]; error?: unknown }>();
  const partOf = (build: number) => received.get(build) ?? received.set(build, { apps: [], records: [] }).get(build)!;
  const rebuildReceived = (build: number) => {
    const part = partOf(build);
    if (build !== builds - 1 || !config || part.error !== undefined) return part;
    try {
      for (const record of part.records) part.apps.push(rebuild(config, record, transformer(record.index)));
    } catch (error) {
      part.error = error;
    }
    part.records = [];
    return part;
  };
  /** The last build asked for was delivered whole: the worker may end by itself. */
  let good = false;

  const close = (): Promise<void> => {
    for (const { timer } of inFlight.values()) clearTimeout(timer);
    inFlight.clear();
    port1.close();
    closed ??= failure || !good ? worker.terminate().then(() => undefined) : finish();
    return closed;
  };
  /**
   * After a good build: the worker is asked to end by itself, so the templates' console output still in flight
   * reaches `log` (terminate() drops it); a template that left a handle open is ended after a short grace.
   */
  const finish = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const grace = setTimeout(() => void worker.terminate(), 1_000);
      worker.once('exit', () => {
        clearTimeout(grace);
        resolve();
      });
      worker.postMessage('close');
    });
  const fail = (what: Failure) => {
    failure ??= what;
    void close();
    deliver();
  };
  const timedOut = (refs: readonly StepRef[]) => fail((c) => stepProblem(c, refs, (subject) => `${subject} did not finish within ${timeout.text} (config/flux.yaml templates.timeout): a template must not wait for anything, loop forever or keep the render busy`));
  /**
   * A step over time: if the worker still answers, the steps over time are waiting on something that never comes;
   * if not, the last step it started is running and keeps the others (done, but not yet told) from ending.
   */
  let probing = false;
  const expired = () => {
    if (probing) return;
    probing = true;
    const blocked = setTimeout(() => {
      const last = [...inFlight.entries()].sort(([a], [b]) => b - a)[0]?.[1];
      timedOut(last ? [last.ref] : []);
    }, PROBE_MS);
    awake = () => {
      clearTimeout(blocked);
      timedOut([...inFlight.values()].filter((step) => Date.now() - step.started >= timeout.ms).map((step) => step.ref));
    };
    worker.postMessage('ping');
  };
  let awake = () => {};
  const arm = (seq: number) => {
    const step = inFlight.get(seq);
    if (!step || !config) return;
    step.timer = setTimeout(expired, Math.max(0, step.started + timeout.ms - Date.now()));
  };
  /** Once the config is known and the worker has answered (or failed), the build settles. */
  let warningsOut: Problem[] = [];
  const deliver = () => {
    if (!settle || !config) return;
    const { resolve, reject } = settle;
    if (failure) return reject(failure(config));
    const outcome = outcomes.get(builds - 1);
    if (!outcome) return;
    const part = rebuildReceived(builds - 1);
    outcomes.delete(builds - 1);
    received.delete(builds - 1);
    settle = undefined;
    if ('error' in outcome) return reject(outcome.error);
    if (part.error !== undefined) return reject(part.error);
    warningsOut.push(...outcome.warnings);
    resolve(part.apps);
    good = true;
  };

  worker.on('message', (message: WorkerMessage) => {
    switch (message.type) {
      case 'start':
        inFlight.set(message.seq, { ref: message.ref, started: Date.now() });
        arm(message.seq);
        return;
      case 'end':
        clearTimeout(inFlight.get(message.seq)?.timer);
        inFlight.delete(message.seq);
        return;
      case 'pong':
        return awake();
      case 'apps':
        partOf(message.build).records.push(...message.apps);
        rebuildReceived(message.build);
        return;
      case 'built':
        outcomes.set(message.build, { warnings: message.warnings });
        return deliver();
      case 'failed':
        outcomes.set(message.build, { error: revive(message.error) });
        return deliver();
      case 'fault': {
        // From a cluster whose Helm phase is over: told nowhere, as when each cluster's worker ended after it.
        if (message.build < builds - 1) return;
        const cause = revive(message.error);
        const refs = message.ref ? [message.ref] : [];
        return fail((c) => stepProblem(c, refs, (subject) => `${subject} left ${message.what}: ${message.error.message}`, cause));
      }
    }
  });
  worker.on('error', (error: Error & { code?: string }) => {
    const refs = [...inFlight.values()].map((step) => step.ref);
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      fail((c) => stepProblem(c, refs, (subject) => `${subject} ran out of memory: templates share homelab's heap limit of ${workerMemoryMb()} MiB (raise it with NODE_OPTIONS=--max-old-space-size=…)`, error));
    } else {
      fail((c) => stepProblem(c, refs, (subject) => `${subject} failed in the templates' worker: ${error.message}`, error));
    }
  });
  worker.on('exit', (code) => {
    if (closed) return;
    const refs = [...inFlight.values()].map((step) => step.ref);
    fail((c) => stepProblem(c, refs, (subject) => `${subject} ended the templates' worker (exit code ${code})`));
  });

  /** A chart transform, run in the worker while this thread waits: the Helm phase calls transforms synchronously. */
  function transformer(app: number) {
    return (construct: number) => (objects: KubeObject[]): KubeObject[] => {
      const stop = (text: string, cause?: unknown): never => {
        failure ??= (c) => stepProblem(c, [{ app, step: 'transform' }], (subject) => `${subject} ${text}`, cause);
        void close();
        throw failure(config!);
      };
      if (failure) throw failure(config!);
      if (closed) return stop('cannot run: the templates\' worker has ended');
      Atomics.store(answered, 0, 0);
      port1.postMessage({ app, construct, objects } satisfies TransformRequest);
      const waited = Atomics.wait(answered, 0, 0, timeout.ms);
      const answer = receiveMessageOnPort(port1)?.message as TransformAnswer | undefined;
      if (!answer) return stop(waited === 'timed-out' ? `did not finish within ${timeout.text} (config/flux.yaml templates.timeout)` : 'ended the templates\' worker');
      if ('error' in answer) return stop(`failed: ${answer.error.message}`, revive(answer.error));
      return answer.objects as KubeObject[];
    };
  }

  return {
    build: (given, warnings, lock) => {
      config = given;
      warningsOut = warnings;
      good = false;
      builds++;
      if (!failure && !closed) worker.postMessage({ type: 'build', config: configRecord(given), ...(lock && { lock }) } satisfies BuildRequest);
      const text = given.flux.templates?.timeout ?? DEFAULT_TEMPLATE_TIMEOUT;
      timeout = { text, ms: parseDuration(text) };
      for (const seq of inFlight.keys()) arm(seq);
      return new Promise<BuiltApp[]>((resolve, reject) => {
        settle = { resolve, reject };
        deliver();
      });
    },
    check: () => {
      if (failure && config) throw failure(config);
    },
    get broken() {
      return failure !== undefined;
    },
    close,
  };
}

/** Problems for the steps that were running; `text` is told what did it: `build()`, ..., or the worker itself. */
function stepProblem(config: HomelabConfig, refs: readonly StepRef[], text: (subject: string) => string, cause?: unknown): ConfigError {
  const problems: Problem[] = refs.length === 0 ? [{ file: 'templates', message: text('the templates\' worker') }] : refs.flatMap((ref) => {
    if ('app' in ref) return [config.files.apps.problem(['apps', ref.app], `${describeApp(appAt(config, ref.app))}: ${text(stepName(ref))}`)];
    if (ref.templates.length === 0) return [{ file: 'templates', message: text('loading the templates') }];
    return ref.templates.map((name) => ({ file: userTemplateFile(name), message: `template "${name}": ${text(stepName(ref))}` }));
  });
  return new ConfigError(problems, { cause });
}

function appAt(config: HomelabConfig, index: number): AppSpec {
  return config.apps.find((app) => app.index === index)!;
}

/** An ApiObject as the worker rendered it: toJson gives that JSON (or the error toJson threw there). */
class RenderedObject extends ApiObject {
  private served = false;

  constructor(scope: Construct, id: string, private readonly rendered: { readonly apiVersion: string; readonly kind: string; readonly json?: unknown; readonly error?: string }) {
    // With the rendered name, cdk8s need not hash the construct path into one.
    const name = (rendered.json as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
    super(scope, id, { apiVersion: rendered.apiVersion, kind: rendered.kind, ...(typeof name === 'string' && name !== '' && { metadata: { name } }) });
  }

  /**
   * Like ApiObject's, a fresh object for every caller: the copy that came from the worker to the one caller most
   * objects have (assemble), clones after that and always for CRDs (the Helm phase reads them first).
   */
  override toJson(): unknown {
    if (this.rendered.error !== undefined) throw new Error(this.rendered.error);
    if (this.served || this.kind === 'CustomResourceDefinition') return structuredClone(this.rendered.json);
    this.served = true;
    return this.rendered.json;
  }
}

/** The app's construct tree again, in the same order: charts, rendered objects, and helmChart constructs to render. */
function rebuild(config: HomelabConfig, record: AppRecord, transform: (construct: number) => (objects: KubeObject[]) => KubeObject[]): BuiltApp {
  const scope = new App();
  const nodes: Construct[] = [];
  for (const [index, construct] of record.constructs.entries()) {
    if (construct.type === 'app') {
      nodes.push(scope);
      continue;
    }
    const parent = nodes[construct.parent]!;
    switch (construct.type) {
      case 'chart':
        nodes.push(new Chart(parent, construct.id));
        break;
      case 'node':
        nodes.push(new Construct(parent, construct.id));
        break;
      case 'object':
        nodes.push(new RenderedObject(parent, construct.id, construct));
        break;
      case 'kustomize':
        nodes.push(new KustomizeDirectory(parent, construct.id, construct.props));
        break;
      case 'helm':
        nodes.push(new HelmChart(parent, construct.id, { ...construct.props, ...(construct.transform && { transform: transform(index) }) }));
        break;
    }
  }
  return { app: appAt(config, record.index), scope, digest: sha256Hex(JSON.stringify(record)) };
}

/** Each config file's outline, made once per render (every cluster's config shares the files). */
const outlines = new WeakMap<YamlFile, YamlOutline>();

function outlineOf(file: YamlFile): YamlOutline {
  return outlines.get(file) ?? outlines.set(file, file.outline()).get(file)!;
}

/** A cluster's config as plain data for the worker (the same objects cloned once: each file's outline goes once). */
function configRecord(config: HomelabConfig): ConfigRecord {
  return mapConfigFiles(config, outlineOf);
}

/** An error from the worker, as the type the CLI reports. */
function revive(record: ErrorRecord): Error {
  const cause = Object.assign(new Error(record.message), { name: record.name, stack: record.stack });
  if (record.problems) return new ConfigError(record.problems, { cause, warnings: record.warnings ?? [] });
  if (record.homelab) return new HomelabError(record.message, { cause });
  return cause;
}
