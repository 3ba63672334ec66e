/** `hilum gate --model <id> --gates <file>`: evaluate validation gates on stored metrics, store and audit the result; exit 3 when any gate fails. */
import type { Command } from 'commander';
import { evaluateModelGates, loadGatesFile } from '../../governance/gateEvaluation';
import { exitCodes } from '../exitCodes';
import { action } from '../context';
import { printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

export function register(program: Command): void {
  withSession(program.command('gate').description('evaluate a gates file (YAML or JSON, see resources/gates/) on a model\'s stored metrics; exit 3 if any gate fails'))
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--gates <file>', 'gates file')
    .action(action(async (ctx, opts: SessionOptions & { model: string; gates: string }) => {
      const spec = loadGatesFile(opts.gates);
      const { user } = await signIn(ctx, opts);
      const result = evaluateModelGates(ctx.store(), user, opts.model, spec);
      printResult(result, ctx, (r) => [
        `gates "${r.name}" on model ${r.modelId}: ${r.passed ? 'PASSED' : 'FAILED'} (evaluation ${r.id})`,
        ...r.results.map((g) => `  ${g.passed ? 'pass' : 'FAIL'}  ${g.id}: ${g.reason}`),
      ].join('\n'));
      return result.passed ? exitCodes.ok : exitCodes.gateFailed;
    }));
}

