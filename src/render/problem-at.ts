// Render-time problems point at the app's entry in config/apps.yaml.
import type { Problem } from '../errors.ts';

export type ProblemAt = (appId: string, message: string) => Problem;
