/** What `--model` names for eval and compare: one model (bundle, run, checkpoint), or an ensemble of several bundles. */
import type { Store } from '../store/openStore';
import { ensembleEvalModel } from './ensembleEvalModel';
import { type EvalModel, resolveEvalModel } from './resolveEvalModel';

export function resolveRequestedModel(store: Store, refs: string | string[], configFile?: string): EvalModel {
  const list = typeof refs === 'string' ? [refs] : refs;
  const options = configFile ? { configFile } : {};
  if (list.length === 1) return resolveEvalModel(store, list[0]!, options);
  return ensembleEvalModel(list.map((ref) => resolveEvalModel(store, ref, options)));
}
