// ajv, loaded only when something must be compiled at run time: CRD schemas of the render, or
// built-in kinds without precompiled validators. Renders without either never pay for loading it.
import type { Ajv } from 'ajv';

export type AjvClass = typeof Ajv;

export async function loadAjv(): Promise<AjvClass> {
  return (await import('ajv')).Ajv;
}
