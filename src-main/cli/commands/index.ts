/** Registers every `hilum` subcommand (one file per command). */
import type { Command } from 'commander';
import { register as registerDoctor } from './doctor';
import { register as registerMetrics } from './metrics';
import { register as registerEval } from './eval';
import { register as registerDemo } from './demo';
import { register as registerTrain } from './train';
import { register as registerModel } from './model';
import { register as registerApp } from './app';
import { register as registerDataset } from './dataset';
import { register as registerDicom } from './dicom';
import { register as registerPredict } from './predict';
import { register as registerAudit } from './audit';
import { register as registerCard } from './card';
import { register as registerChange } from './change';
import { register as registerGate } from './gate';
import { register as registerLock } from './lock';
import { register as registerModelRegistry } from './model-registry';
import { register as registerSign } from './sign';
import { register as registerUser } from './user';
import { register as registerBundle } from './bundle';
import { register as registerRuns } from './runs';
import { register as registerCompare } from './compare';
import { register as registerRecipe } from './recipe';
import { register as registerReadings } from './readings';

export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerDemo(program);
  registerApp(program);
  registerDicom(program);
  registerDataset(program);
  registerPredict(program);
  registerTrain(program);
  registerModel(program);
  registerMetrics(program);
  registerEval(program);
  registerBundle(program);
  registerRuns(program);
  registerCompare(program);
  registerRecipe(program);
  // governance
  registerUser(program);
  registerModelRegistry(program);
  registerGate(program);
  registerSign(program);
  registerLock(program);
  registerChange(program);
  registerAudit(program);
  registerCard(program);
  registerReadings(program);
}
