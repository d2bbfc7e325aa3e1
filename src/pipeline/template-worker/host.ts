// The render thread's side of the templates' worker: starts it, times each step of template code, turns a step that
// hangs, exits, crashes or runs out of memory into a ConfigError naming the app and template, and rebuilds the
// built apps from what the worker sends, for the Helm phase and assemble.
import { getHeapStatistics } from 'node:v8';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppSpec, HomelabConfig } from '../../config/model.ts';
import { ConfigError, HomelabError, type Problem } from '../../errors.ts';
import type { KubeObject } from '../../model/kube-object.ts';
import { describeApp, type BuiltApp } from '../../render/build-apps.ts';
import { HelmChart } from '../../templates/helm-chart.ts';
import { userTemplateFile } from '../../templates/load.ts';
import { parseDuration } from '../../util/duration.ts';
import { stepName, type AppRecord, type ErrorRecord, type StepRef, type TransformAnswer, type TransformRequest, type WorkerInput, type WorkerMessage } from './messages.ts';

/** @default for config/flux.yaml `templates.timeout`. */
export const DEFAULT_TEMPLATE_TIMEOUT = '60s';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);
/** Run from source (tests, `npm run bench`), the worker registers tsx itself: Node 20 does not pass `--import` hooks on to workers. */
const ENTRY = FROM_SOURCE ? `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(WORKER.href)}))` : WORKER;

/** The built apps, and the worker that still holds their templates (for chart transforms) until closed. */
export interface TemplateRun {
  readonly apps: BuiltApp[];
  /** Throws what a template did wrong after its apps were built (a timer that threw, a late rejection). */
  check(): void;
  /** Ends the worker and whatever the templates left running. */
  close(): Promise<void>;
}

export interface TemplateRunOptions {
  /** Where the templates' console output goes (stdout stays homelab's own, for --json). @default process.stderr */
  readonly log?: (chunk: Uint8Array | string) => void;
}

/** Stages 2–3 in a worker thread: loads the config's templates and builds every app; `warnings` collects the YAML reader's notes. */
export async function startTemplates(config: HomelabConfig, warnings: Problem[], options: TemplateRunOptions = {}): Promise<TemplateRun> {
  const timeoutText = config.flux.templates?.timeout ?? DEFAULT_TEMPLATE_TIMEOUT;
  const timeoutMs = parseDuration(timeoutText);
  const memoryText = config.flux.templates?.maxMemory;
  const memoryMb = memoryText ? Number.parseInt(memoryText, 10) * (memoryText.endsWith('Gi') ? 1024 : 1) : Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20);
  const log = options.log ?? ((chunk) => process.stderr.write(chunk));

  const answered = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(ENTRY, {
    eval: FROM_SOURCE,
    workerData: { sourceDir: config.sourceDir, answered, port: port2 } satisfies WorkerInput,
    transferList: [port2],
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
  worker.stdout.on('data', log);

  const inFlight = new Map<number, { ref: StepRef; timer: NodeJS.Timeout }>();
  let failure: ConfigError | undefined;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    for (const { timer } of inFlight.values()) clearTimeout(timer);
    inFlight.clear();
    port1.close();
    closed ??= worker.terminate().then(() => undefined);
    return closed;
  };

  const problemsOf = (refs: readonly StepRef[], text: (ref: StepRef) => string): Problem[] => {
    if (refs.length === 0) return [{ file: 'templates', message: `the templates' worker ${text({ templates: [], step: 'load' }).replace(/^loading /, '')}` }];
    return refs.flatMap((ref) => {
      if ('app' in ref) {
        const app = appAt(config, ref.app);
        return [config.files.apps.problem(['apps', ref.app], `${describeApp(app)}: ${text(ref)}`)];
      }
      if (ref.templates.length === 0) return [{ file: 'templates', message: `loading the templates: ${text(ref)}` }];
      return ref.templates.map((name) => ({ file: userTemplateFile(name), message: `template "${name}": ${text(ref)}` }));
    });
  };

  const built = new Promise<BuiltApp[]>((resolve, reject) => {
    const fail = (problems: Problem[], cause?: unknown) => {
      failure ??= new ConfigError(problems, { cause });
      reject(failure);
      void close();
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'start': {
          const timer = setTimeout(() => {
            fail(problemsOf([message.ref], (ref) => `${stepName(ref)} did not finish within ${timeoutText} (config/flux.yaml templates.timeout): a template must not wait for anything, loop forever or keep the render busy`));
          }, timeoutMs);
          inFlight.set(message.seq, { ref: message.ref, timer });
          return;
        }
        case 'end':
          clearTimeout(inFlight.get(message.seq)?.timer);
          inFlight.delete(message.seq);
          return;
        case 'built':
          warnings.push(...message.warnings);
          try {
            resolve(message.apps.map((record) => rebuild(config, record, transformer(record.index))));
          } catch (error) {
            reject(error);
          }
          return;
        case 'failed':
          reject(revive(message.error));
          void close();
          return;
        case 'fault':
          fail(problemsOf(message.ref ? [message.ref] : [], (ref) => `${stepName(ref)} left ${message.what}: ${message.error.message}`), revive(message.error));
          return;
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const refs = [...inFlight.values()].map((step) => step.ref);
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        fail(problemsOf(refs, (ref) => `${stepName(ref)} ran out of memory: the templates may use ${memoryText ?? `${memoryMb}Mi`} of heap (config/flux.yaml templates.maxMemory)`), error);
      } else {
        fail(problemsOf(refs, (ref) => `${stepName(ref)} crashed the templates' worker: ${error.message}`), error);
      }
    });
    worker.on('exit', (code) => {
      if (closed) return;
      const refs = [...inFlight.values()].map((step) => step.ref);
      fail(problemsOf(refs, (ref) => `${stepName(ref)} ended the templates' worker (exit code ${code})`));
    });
  });

  /** A chart transform, run in the worker while this thread waits: the Helm phase calls transforms synchronously. */
  function transformer(app: number) {
    return (construct: number) => (objects: KubeObject[]): KubeObject[] => {
      const fail = (text: string, cause?: unknown): never => {
        failure ??= new ConfigError(problemsOf([{ app, step: 'transform' }], () => text), { cause });
        void close();
        throw failure;
      };
      if (failure) throw failure;
      if (closed) return fail('the templates\' worker has ended');
      Atomics.store(answered, 0, 0);
      port1.postMessage({ app, construct, objects } satisfies TransformRequest);
      const waited = Atomics.wait(answered, 0, 0, timeoutMs);
      const answer = receiveMessageOnPort(port1)?.message as TransformAnswer | undefined;
      if (!answer) {
        return fail(waited === 'timed-out'
          ? `a helmChart transform did not finish within ${timeoutText} (config/flux.yaml templates.timeout)`
          : 'a helmChart transform ended the templates\' worker');
      }
      if ('error' in answer) return fail(`a helmChart transform failed: ${answer.error.message}`, revive(answer.error));
      return answer.objects as KubeObject[];
    };
  }

  let apps: BuiltApp[];
  try {
    apps = await built;
  } catch (error) {
    await close();
    throw error;
  }
  return {
    apps,
    check: () => {
      if (failure) throw failure;
    },
    close,
  };
}

function appAt(config: HomelabConfig, index: number): AppSpec {
  return config.apps.find((app) => app.index === index)!;
}

/** An ApiObject as the worker rendered it: toJson gives that JSON (or the error toJson threw there). */
class RenderedObject extends ApiObject {
  constructor(scope: Construct, id: string, private readonly rendered: { readonly apiVersion: string; readonly kind: string; readonly json?: unknown; readonly error?: string }) {
    super(scope, id, { apiVersion: rendered.apiVersion, kind: rendered.kind });
  }

  override toJson(): unknown {
    if (this.rendered.error !== undefined) throw new Error(this.rendered.error);
    return structuredClone(this.rendered.json);
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
      case 'helm':
        nodes.push(new HelmChart(parent, construct.id, { ...construct.props, ...(construct.transform && { transform: transform(index) }) }));
        break;
    }
  }
  return { app: appAt(config, record.index), scope };
}

/** An error from the worker, as the type the CLI reports. */
function revive(record: ErrorRecord): Error {
  const cause = Object.assign(new Error(record.message), { name: record.name, stack: record.stack });
  if (record.problems) return new ConfigError(record.problems, { cause, warnings: record.warnings ?? [] });
  if (record.homelab) return new HomelabError(record.message, { cause });
  return cause;
}
