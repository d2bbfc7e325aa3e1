// The seam between the validators and the render cache: a JSON schema → its ajv validator, compiled at most once per
// process (by the schema's digest) and kept as ajv's standalone code in the cache, so the next run loads a ready
// function instead of loading ajv and compiling. Loading code from the cache is safe to skip: a miss compiles.
import type { Ajv, Options, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { ContentCache } from '../model/content-cache.ts';
import { sha256Hex } from '../util/sha256.ts';

// ajv is CommonJS: required synchronously, and only when something must be compiled.
const require = createRequire(import.meta.url);

/** A custom string format as ajv takes it: a RegExp (standalone code inlines it) or a check function. */
export type Format = RegExp | { readonly type: 'string'; readonly validate: (value: string) => boolean };

export interface ValidatorCompiler {
  /** The validator of `schema` (whose custom formats `formats` defines), or why ajv cannot compile it. */
  compile(schema: object, formats?: ReadonlyMap<string, Format>): { readonly validate: ValidateFunction } | { readonly error: string };
}

interface Shared {
  ajv?: Ajv;
  readonly compiled: Map<string, ValidateFunction | string>;
}

const compilers = new Map<string, Shared>();
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;

/**
 * A compiler for one set of ajv options; its validators live for the process (whichever render asks), and with
 * `cache` those without function formats persist as code between runs.
 */
export function validatorCompiler(options: Options, cache?: ContentCache): ValidatorCompiler {
  const optionsKey = JSON.stringify(options);
  let shared = compilers.get(optionsKey);
  if (!shared) compilers.set(optionsKey, (shared = { compiled: new Map() }));
  const state = shared;
  return {
    compile(schema, formats = new Map()) {
      const portable = [...formats.values()].every((format) => format instanceof RegExp);
      const key = sha256Hex(`${optionsKey}\0${formatsKey(formats)}\0${JSON.stringify(schema)}`);
      let known = state.compiled.get(key);
      if (known === undefined) known = portable ? stored(cache?.readSync(key)) : undefined;
      if (known === undefined) {
        known = compileNow(state, options, schema, formats);
        const code = typeof known !== 'string' && portable && cache ? standaloneCode(state.ajv!, known) : undefined;
        if (code !== undefined) void cache!.write(key, code);
      }
      state.compiled.set(key, known);
      return typeof known === 'string' ? { error: known } : { validate: known };
    },
  };
}

/** Loads ajv now, ahead of the first compile (see validate/warm-up.ts). */
export function warmUpCompiler(): void {
  require('ajv');
}

function compileNow(state: Shared, options: Options, schema: object, formats: ReadonlyMap<string, Format>): ValidateFunction | string {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  // code.source keeps each validator's code, for the cache.
  const ajv = (state.ajv ??= new AjvClass({ ...options, code: { ...options.code, source: true } }));
  for (const [name, format] of formats) if (ajv.formats[name] !== format) ajv.addFormat(name, format);
  try {
    return ajv.compile(schema);
  } catch (error) {
    return (error as Error).message;
  }
}

/** Formats by name and definition: a RegExp by its source, a check function by its identity in this process. */
function formatsKey(formats: ReadonlyMap<string, Format>): string {
  return [...formats].map(([name, format]) => {
    if (format instanceof RegExp) return `${name}=/${format.source}/${format.flags}`;
    let id = functionIds.get(format.validate);
    if (id === undefined) functionIds.set(format.validate, (id = nextFunctionId++));
    return `${name}=fn${id}`;
  }).sort().join('\0');
}

function standaloneCode(ajv: Ajv, validate: ValidateFunction): string | undefined {
  try {
    const { default: toCode } = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
    return toCode(ajv, validate);
  } catch {
    return undefined;
  }
}

/** A validator from its standalone code (CommonJS; it requires ajv's small runtime helpers). */
function stored(code: Buffer | undefined): ValidateFunction | undefined {
  if (!code) return undefined;
  try {
    const module = { exports: {} as { default?: ValidateFunction } };
    // Code ajv generated and this homelab stored; the store checked the entry's identity and digest.
    new Function('module', 'exports', 'require', code.toString('utf8'))(module, module.exports, require);
    return module.exports.default;
  } catch {
    return undefined;
  }
}
