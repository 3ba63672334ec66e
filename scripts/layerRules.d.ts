// Types of scripts/layerRules.js for the tests that read it.
export interface LayerRule {
  files: string[];
  ignores?: string[];
  patterns: Array<{ regex: string; message: string }>;
}
export const srcWorkerImportAllowed: string[];
export const layerRules: LayerRule[];
