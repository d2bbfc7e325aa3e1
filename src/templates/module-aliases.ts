// Makes `import ... from "homelab"` (and cdk8s, constructs, zod) in user templates resolve to the running
// package, so a source repo needs no build step and templates share one copy of each with the renderer.
import { register } from 'node:module';

let registered = false;

export function registerModuleAliases(): void {
  if (registered) return;
  registered = true;
  const self = import.meta.url.endsWith('.ts') ? '../index.ts' : '../index.js';
  const aliases: Record<string, string> = {
    homelab: new URL(self, import.meta.url).href,
    cdk8s: import.meta.resolve('cdk8s'),
    constructs: import.meta.resolve('constructs'),
    zod: import.meta.resolve('zod'),
  };
  const hooks = `const aliases = ${JSON.stringify(aliases)};
export async function resolve(specifier, context, next) {
  return Object.hasOwn(aliases, specifier) ? { url: aliases[specifier], shortCircuit: true } : next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
