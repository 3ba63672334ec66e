/** `hilum recipe run <file.yaml> [--set key=value ...]`: a recipe file as a cached, resumable pipeline (see src-main/recipes/runRecipe.ts). */
import type { Command } from 'commander';
import { parseRecipe } from '../../recipes/parseRecipe';
import { runRecipe } from '../../recipes/runRecipe';
import { cliActor } from '../../runs/cliActor';
import { action } from '../context';
import { exitCodes } from '../exitCodes';
import { formatTable, printResult } from '../output';

interface Estimate {
  value: number | null;
  ci95?: [number | null, number | null];
}

export function register(program: Command): void {
  const recipe = program
    .command('recipe')
    .description('declarative recipes: import → split → (pretrain) → train → bundle → evaluate → gate (docs/CONFIG.md)');
  recipe
    .command('run')
    .description('run a recipe file; unchanged stages are skipped, a killed training run resumes')
    .argument('<file>', 'recipe YAML (e.g. recipes/pneumonia-kermany.yaml)')
    .option(
      '--set <key=value>',
      'override a field, dotted path, YAML value (repeatable), e.g. --set train.epochs=2',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .action(
      action(async (ctx, file: string, o: { set?: string[] }) => {
        const parsed = parseRecipe(file, o.set ?? []);
        const r = await runRecipe(ctx.store(), ctx.host(), parsed, {
          actor: cliActor(),
          onStep: ctx.json ? undefined : (stage, message) => process.stderr.write(`[${stage}] ${message}\n`),
        });
        printResult(r, ctx, (v) => {
          const fmt = (e: Estimate | undefined) =>
            e?.value == null
              ? 'n/a'
              : `${e.value.toFixed(3)}${e.ci95?.[0] != null && e.ci95[1] != null ? ` [${e.ci95[0].toFixed(3)}, ${e.ci95[1].toFixed(3)}]` : ''}`;
          const rows: Array<[string, string]> = [
            ['recipe', `${v.recipe} (${v.file})`],
            ['run', v.run],
            ['bundle', `${v.bundle} (hash ${v.hash.slice(0, 16)}…)`],
          ];
          for (const [stage, s] of Object.entries(v.stages))
            rows.push([stage, `${s.cached ? 'cached' : 'ran'} (key ${s.key.slice(0, 12)}…)`]);
          for (const [name, e] of Object.entries(v.evaluations)) {
            const report = e.report as { metrics: { macro: { auroc: Estimate; auprc: Estimate } } };
            rows.push([
              name,
              `macro AUROC ${fmt(report.metrics.macro.auroc)}, AUPRC ${fmt(report.metrics.macro.auprc)} (evaluation #${String(e.evaluationId)})`,
            ]);
          }
          if (v.gate) rows.push(['gates', (v.gate as { passed: boolean }).passed ? 'passed' : 'FAILED']);
          return formatTable(rows);
        });
        return gateExitCode(r.gate);
      }),
    );
}

/** Exit 3 when the recipe's gates failed, as `hilum gate` does. */
function gateExitCode(gate: unknown): number {
  return gate && !(gate as { passed: boolean }).passed ? exitCodes.gateFailed : exitCodes.ok;
}
