// The CEL expressions of admission policies and webhook match conditions, compiled as the API server compiles them
// when it validates such an object (k8s.io/apiserver pkg/admission/plugin/cel/compile.go CompileCELExpression):
// a syntax error, or a result of the wrong type, refuses the object.
//
// The API server knows `object`, `oldObject` and `params` only as dyn at this point, so an expression that just
// selects a field of them (`object.spec.replicas`) is dyn, and dyn is not bool. homelab reports a wrong type only
// where it is that sure: such a plain selection, or an expression of literals; everything else is left to the API server.
import type { Environment } from '@marcbachmann/cel-js';
import { celModule } from '../cel/cel-module.ts';
import { registerKubernetesLibrary } from '../cel/kubernetes-library.ts';

/** The result types of CompileCELExpression's accessors: ValidationCondition and MatchCondition bool, message string. */
export type Wanted = 'bool' | 'string' | 'any';

const VARIABLES = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'authorizer', 'variables'];
/** A plain field selection on a variable that is dyn to the API server's compiler. */
const DYN_SELECTION = /^\s*(object|oldObject|params)(\s*\.\s*[_a-zA-Z][_a-zA-Z0-9]*|\s*\[\s*("[^"\\]*"|'[^'\\]*'|\d+)\s*\])*\s*$/;
const LITERAL_TYPES = new Set(['bool', 'int', 'uint', 'double', 'string', 'bytes']);
/** Mentions a variable: its type, with dyn inside, is cel-go's business (overloads on dyn resolve differently). */
const MENTIONS_VARIABLE = new RegExp(`\\b(${VARIABLES.join('|')})\\b`);

let environment: Environment | undefined;

function admissionEnvironment(): Environment {
  if (!environment) {
    const { Environment } = celModule();
    environment = registerKubernetesLibrary(new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true }));
    for (const name of VARIABLES) environment.registerVariable(name, 'dyn');
  }
  return environment;
}

const known = new Map<string, string | undefined>();

/** The API server's detail for an expression that does not compile to `wanted` (`compilation failed: …`, `must evaluate to bool but got dyn`), or undefined. */
export function celCompileError(source: string, wanted: Wanted): string | undefined {
  const id = `${wanted}\0${source}`;
  if (known.has(id)) return known.get(id);
  const error = compileError(source, wanted);
  known.set(id, error);
  return error;
}

function compileError(source: string, wanted: Wanted): string | undefined {
  let parsed;
  try {
    parsed = admissionEnvironment().parse(source);
  } catch (error) {
    if (error instanceof celModule().ParseError) return `compilation failed: ERROR: <input>: Syntax error: ${error.message.split('\n')[0]!.trim()}`;
    throw error;
  }
  if (wanted === 'any') return undefined;
  const type = DYN_SELECTION.test(source) ? 'dyn' : MENTIONS_VARIABLE.test(source) ? undefined : literalType(parsed.check());
  return type !== undefined && type !== wanted ? `must evaluate to ${wanted} but got ${type}` : undefined;
}

function literalType(check: { valid: boolean; type?: unknown }): string | undefined {
  const type = check.valid ? String(check.type) : undefined;
  return type !== undefined && LITERAL_TYPES.has(type) ? type : undefined;
}
