/** `hilum bundle --run <id>`: fit the decision rules on the run's validation split and write a verified bundle (see src-main/bundle/bundleRun.ts); optionally register it as a draft model. */
import type { Command } from 'commander';
import {
  abstentionRuleForms,
  parseAbstentionRule,
  parseThresholdRule,
  thresholdRuleForms,
} from '../../../src-core/bundle/parseDecisionRules';
import { HilumError } from '../../../src-core/errors';
import { bundleRun, type WeightsChoice } from '../../bundle/bundleRun';
import { registerBundleDraft } from '../../bundle/registerBundleDraft';
import { cliActor } from '../../runs/cliActor';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn } from './governanceSession';

interface BundleOptions {
  run: string;
  weights: string;
  threshold: string;
  abstain: string;
  oodQuantile: string;
  prior?: string;
  priorFrom?: string;
  register?: string;
  modelVersion?: string;
  as?: string;
  passwordStdin?: boolean;
}

const WEIGHTS: WeightsChoice[] = ['best', 'last', 'ema', 'swa'];

/** `--prior PNEUMONIA=0.3,Effusion=0.1` → prevalences in (0, 1). */
function parsePriors(text: string): Record<string, number> {
  return Object.fromEntries(
    text.split(',').map((part) => {
      const [label, value] = part.split('=');
      const p = Number(value);
      if (!label || !(p > 0 && p < 1))
        throw new HilumError('INVALID_ARGUMENT', `--prior: "${part}" is not label=prevalence with a prevalence in (0, 1)`, {});
      return [label.trim(), p];
    }),
  );
}

export function register(program: Command): void {
  program
    .command('bundle')
    .description(
      'bundle a training run: export to ONNX behind the parity gate, fit temperatures, thresholds, abstention and OOD thresholds on its validation split, write a verified bundle (docs/BUNDLE_FORMAT.md)',
    )
    .requiredOption('--run <id>', 'training run id (hilum runs list)')
    .option('--weights <which>', `${WEIGHTS.join(' | ')} (best: the best validation epoch, EMA weights when the run kept them)`, 'best')
    .option('--threshold <rule>', `per-label threshold rule: ${thresholdRuleForms}`, 'max-f1')
    .option('--abstain <rule>', `abstention from the validation coverage–risk curve: ${abstentionRuleForms}`, 'coverage>=0.9')
    .option('--ood-quantile <q>', 'flag a case OOD above this quantile of validation OOD scores', '0.99')
    .option('--prior <label=p,...>', 'label shift to a known deployment prevalence per label (Saerens et al. 2002), e.g. PNEUMONIA=0.3')
    .option(
      '--prior-from <dataset[:split]>',
      "label shift to the prevalence estimated by EM on a stored dataset's images (its labels unused)",
    )
    .option('--register <name>', 'also register the bundle as a draft model with this name (needs --model-version and --as)')
    .option('--model-version <version>', 'version of the registered model')
    .option('--as <user>', 'acting user for --register')
    .option('--password-stdin', 'read the password from stdin')
    .action(
      action(async (ctx, o: BundleOptions) => {
        if (!WEIGHTS.includes(o.weights as WeightsChoice))
          throw new HilumError('INVALID_ARGUMENT', `--weights must be one of ${WEIGHTS.join(', ')}, got "${o.weights}"`, {});
        const quantile = Number(o.oodQuantile);
        if (!(quantile > 0 && quantile < 1))
          throw new HilumError('INVALID_ARGUMENT', `--ood-quantile must be in (0, 1), got "${o.oodQuantile}"`, {});
        if (o.prior && o.priorFrom) throw new HilumError('INVALID_ARGUMENT', 'give --prior or --prior-from, not both', {});
        if (o.register && (!o.modelVersion || !o.as))
          throw new HilumError('INVALID_ARGUMENT', '--register needs --model-version and --as', {});
        // Sign in first: a wrong password must not leave a bundle behind that the user meant to register.
        const user = o.register ? (await signIn(ctx, { as: o.as!, passwordStdin: o.passwordStdin })).user : null;
        const r = await bundleRun(ctx.store(), ctx.host(), {
          runId: o.run,
          weights: o.weights as WeightsChoice,
          threshold: parseThresholdRule(o.threshold),
          abstention: parseAbstentionRule(o.abstain),
          oodQuantile: quantile,
          ...(o.prior ? { priorShift: { method: 'known' as const, target: parsePriors(o.prior) } } : {}),
          ...(o.priorFrom
            ? { priorShift: { method: 'em' as const, dataset: o.priorFrom.split(':')[0]!, split: o.priorFrom.split(':')[1] ?? null } }
            : {}),
          actor: user?.username ?? cliActor(),
          onProgress: ctx.json ? undefined : (m) => process.stderr.write(`${m}\n`),
        });
        const model = user
          ? registerBundleDraft(ctx.store(), user, {
              name: o.register!,
              version: o.modelVersion!,
              bundleDir: r.bundle,
              bundleHash: r.hash,
              runId: r.run,
            })
          : null;
        printResult(
          { ...r, model: model ? { id: model.id, name: model.name, version: model.version, status: model.status } : null },
          ctx,
          (v) =>
            formatTable([
              ['bundle', v.bundle],
              ['hash', v.hash],
              ['run', `${v.run} (${v.weights} weights)`],
              ['ONNX parity', `max |Δlogit| ${v.parityMaxAbsDiff.toExponential(2)}`],
              ...Object.entries(v.fit.thresholds.thresholds).map(([label, t]): [string, string] => [
                `${label}`,
                `T ${v.fit.calibration.temperatures[label]?.toFixed(3)}, threshold ${t.toFixed(3)}, abstain |p − t| < ${v.fit.abstentionChoices[label]?.halfWidth.toFixed(3) ?? '0'}`,
              ]),
              ...v.fit.unfitted.map((u): [string, string] => ['not fitted', `${u.label} ${u.what}: ${u.reason}`]),
              [
                'model',
                v.model
                  ? `${v.model.name} ${v.model.version} (${v.model.id}, ${v.model.status})`
                  : 'not registered (--register <name> --model-version <v> --as <user>)',
              ],
            ]),
        );
      }),
    );
}
