// The error types every module throws; only the CLI turns them into text and an exit code.

/** A position in a source file, 1-based like compilers print it. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One problem found in a user's file: where it is, which key, and what is wrong. */
export interface Problem {
  /** The file as the user knows it, e.g. `config/apps.yaml`. */
  readonly file: string;
  readonly position?: SourcePosition;
  /** The key path inside the file, e.g. `apps[3].options.replicas`. */
  readonly path?: string;
  readonly message: string;
  /** For problems in a rendered object: the app that renders it, e.g. `blog`. */
  readonly app?: string;
  /** For problems in a rendered object: the object as users read it, e.g. `Deployment/blog/blog`. */
  readonly object?: string;
}

/** Base class: an expected failure with a message meant for the user. */
export class HomelabError extends Error {
  override readonly name: string = 'HomelabError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Several problems in the user's configuration or templates, reported together. */
export class ConfigError extends HomelabError {
  override readonly name = 'ConfigError';
  readonly problems: readonly Problem[];
  /** What could not be checked, reported with the problems (e.g. CEL rules homelab cannot evaluate). */
  readonly warnings: readonly Problem[];
  constructor(problems: readonly Problem[], options?: { cause?: unknown; warnings?: readonly Problem[] }) {
    super(problems.map(formatProblem).join('\n'), options);
    this.problems = problems;
    this.warnings = options?.warnings ?? [];
  }
}

/**
 * Like compiler output: `config/apps.yaml:14:7 apps[2].options.replicas: expected number, got "two"`; for a rendered
 * object, app, object and file first: `blog: Deployment/blog/blog (blog/29-deployment-blog.yaml) spec.replicas: …`.
 */
export function formatProblem(problem: Problem): string {
  const file = problem.position
    ? `${problem.file}:${problem.position.line}:${problem.position.column}`
    : problem.file;
  const where = problem.object ? `${problem.app ? `${problem.app}: ` : ''}${problem.object} (${file})` : file;
  return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** A vendored asset that is missing, unlocked or altered; the render reports it at the app that uses it. */
export class AssetError extends HomelabError {
  override readonly name = 'AssetError';
}

/** `failed to <verb> <noun>: <cause>`, keeping the cause. */
export function wrapError(what: string, cause: unknown): HomelabError {
  return new HomelabError(`failed to ${what}: ${messageOf(cause)}`, { cause });
}

/** Error options keeping the causes of several failures reported as one: the only one, or all of them. */
export function causedBy(causes: readonly unknown[]): { cause?: unknown } {
  if (causes.length === 0) return {};
  return { cause: causes.length === 1 ? causes[0] : new AggregateError(causes, `${causes.length} failures`) };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
