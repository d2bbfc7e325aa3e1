// The seam between the validators and the render cache: a JSON schema → its ajv validator, compiled at most once per
// process (by the schema's digest) and kept as ajv's standalone code in the cache, so the next run loads a ready
// function instead of loading ajv and compiling. Loading code from the cache is safe to skip: a miss compiles.
import type { Ajv, Options, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { ContentCache } from '../model/content-cache.ts';
import { sha256Hex } from '../util/sha256.ts';

// ajv is CommonJS: required synchronously, and only when something must be compiled.
const require = createRequire(import.meta.url);

export interface ValidatorCompiler {
  /** The validator of `schema`, or undefined when ajv cannot compile it (then the API server is left to judge). */
  compile(schema: object): ValidateFunction | undefined;
}

const compilers = new Map<string, { ajv?: Ajv; readonly compiled: Map<string, ValidateFunction | null> }>();

/**
 * A compiler for one set of ajv options; its validators live for the process (whichever render asks), and with
 * `cache` they persist as code between runs.
 */
export function validatorCompiler(options: Options, cache?: ContentCache): ValidatorCompiler {
  const optionsKey = JSON.stringify(options);
  let shared = compilers.get(optionsKey);
  if (!shared) compilers.set(optionsKey, (shared = { compiled: new Map() }));
  const state = shared;
  return {
    compile(schema) {
      const key = sha256Hex(`${optionsKey}\0${JSON.stringify(schema)}`);
      const known = state.compiled.get(key);
      if (known !== undefined) return known ?? undefined;
      let validate = stored(cache?.readSync(key));
      if (!validate) {
        const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
        // code.source keeps each validator's code, for the cache.
        state.ajv ??= new AjvClass({ ...options, code: { ...options.code, source: true } });
        try {
          validate = state.ajv.compile(schema);
        } catch {
          validate = undefined;
        }
        if (validate && cache) void cache.write(key, standaloneCode(state.ajv, validate));
      }
      state.compiled.set(key, validate ?? null);
      return validate;
    },
  };
}

function standaloneCode(ajv: Ajv, validate: ValidateFunction): string {
  const { default: toCode } = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  return toCode(ajv, validate);
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
