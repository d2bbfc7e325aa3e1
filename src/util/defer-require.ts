// A CommonJS dependency of a dependency, loaded when first used rather than when its parent loads: cdk8s requires
// its own copy of the yaml library (~70 ms per thread) for Yaml.* and synth to files, which a render never calls.
import { createRequire, Module } from 'node:module';

/**
 * Makes `request`, as `from` (a file) resolves it, load on the first property read of its exports. Only for modules
 * whose consumers read their exports as properties when they use them (TypeScript's `import * as` does); a module
 * already loaded, or not found, is left alone.
 */
export function deferRequire(request: string, from: string): void {
  const require = createRequire(from);
  let file: string;
  try {
    file = require.resolve(request);
  } catch {
    return;
  }
  if (require.cache[file]) return;
  let loaded: Record<PropertyKey, unknown> | undefined;
  const load = () => {
    if (!loaded) {
      // The real module takes the placeholder's place in the cache; its consumers keep the placeholder, which forwards.
      delete require.cache[file];
      loaded = require(file) as Record<PropertyKey, unknown>;
    }
    return loaded;
  };
  const placeholder = new Module(file);
  placeholder.filename = file;
  placeholder.loaded = true;
  // `__esModule` makes TypeScript's importStar take the placeholder as it is, instead of copying every export now.
  placeholder.exports = new Proxy({}, {
    get: (_, key) => (key === '__esModule' ? true : Reflect.get(load(), key)),
    has: (_, key) => key === '__esModule' || Reflect.has(load(), key),
  });
  require.cache[file] = placeholder;
}
