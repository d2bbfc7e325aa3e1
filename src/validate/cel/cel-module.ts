// @marcbachmann/cel-js, loaded the first time a CEL rule is compiled: renders whose objects reach no rule never pay for it.
// Synchronous (require of an ES module, unflagged since Node 20.19), since validators are synchronous.
import { createRequire } from 'node:module';

type CelModule = typeof import('@marcbachmann/cel-js');

let module: CelModule | undefined;

export function celModule(): CelModule {
  module ??= createRequire(import.meta.url)('@marcbachmann/cel-js') as CelModule;
  return module;
}
