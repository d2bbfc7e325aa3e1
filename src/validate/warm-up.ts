// What checking a render's CRDs and custom resources loads on first use (ajv, the CEL library and its environment:
// about 0.1 s), loaded ahead: while the render thread waits on helm rather than after, when the render waits on it.
import { warmUpCel } from './cel/rules.ts';
import { warmUpCompiler } from './compiled-validators.ts';

export function warmUpValidation(): void {
  warmUpCompiler();
  warmUpCel();
}
