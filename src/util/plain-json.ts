// Whether a value survives JSON.stringify → JSON.parse unchanged, so a cached copy is the value itself.

/**
 * True for trees of plain objects, arrays, strings, finite numbers (not -0), booleans and null, with no object reached
 * twice (a shared or cyclic reference would come back as two copies). Anything else is computed again, not cached.
 */
export function isPlainJson(value: unknown): boolean {
  const seen = new Set<object>();
  const walk = (node: unknown): boolean => {
    switch (typeof node) {
      case 'string':
      case 'boolean':
        return true;
      case 'number':
        return Number.isFinite(node) && !Object.is(node, -0);
      case 'object': {
        if (node === null) return true;
        if (seen.has(node)) return false;
        seen.add(node);
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length; i++) if (!walk(node[i])) return false;
          return true;
        }
        const prototype = Object.getPrototypeOf(node) as unknown;
        if (prototype !== Object.prototype && prototype !== null) return false;
        for (const key in node) if (!walk((node as Record<string, unknown>)[key])) return false;
        return true;
      }
      default:
        return false;
    }
  };
  return walk(value);
}
