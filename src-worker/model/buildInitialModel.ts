/** The model a run starts from: seeded fresh initialisation, or imported weights (pretrained / MAE encoder; head fresh if absent or of another size). */
import type { TrainConfig } from '../../src-core/model/trainConfig';
import { createRng } from '../../src-core/random/createRng';
import { initVitParams } from './initVitParams';
import { loadVitWeights } from './loadVitWeights';
import { VitModel } from './VitModel';

export function buildInitialModel(
  config: Pick<TrainConfig, 'model' | 'initWeights' | 'seed'> & { weightInit?: TrainConfig['weightInit'] },
): VitModel {
  if (config.initWeights) {
    return loadVitWeights(config.model, config.initWeights, { allowMissingHead: true, dropMismatchedHead: true, seed: config.seed }).model;
  }
  return VitModel.fromCanonical(config.model, initVitParams(config.model, createRng(config.seed), undefined, config.weightInit));
}
