// Merges Helm values the way `helm -f a.yaml -f b.yaml --set …` layers them: mappings merge key by key, anything else
// (lists, scalars, null) in the later layer replaces; a null is kept, so helm removes that key from the chart's defaults.

export function mergeValues(base: Readonly<Record<string, unknown>>, override: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return result;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
