/**
 * `hilum predict`: verified bundle(s) + DICOM/PNG/JPEG files → calibrated probabilities, decisions, OOD flags; optional FHIR and saliency (occlusion per finding, or attention rollout);
 * one audit row per inference. Only registered, locked models are served unless --allow-unlocked (audited; outputs marked research use).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import {
  abstentionFileSchema,
  calibrationFileSchema,
  labelsFileSchema,
  oodFileSchema,
  thresholdsFileSchema,
  type DecisionSpec,
  type OodFile,
} from '../../../src-core/bundle';
import { HilumError } from '../../../src-core/errors';
import { s } from '../../../src-core/validate';
import { predictFiles, type InferenceRecord, type PredictFilesResult } from '../../bundle/predictFiles';
import { auditServedInferences, authorizeServing, researchUseMark, type ServingActor } from '../../governance/authorizeServing';
import { markFhirFile } from '../../governance/markResearchUse';
import { signedAuditHead } from '../../governance/auditTrail';
import { authenticate } from '../../governance/userAccounts';
import { readPasswords } from '../../governance/readPasswords';
import { action } from '../context';
import { printResult } from '../output';
import { checkSaliencyOptions, predictSaliency, saliencyLines, saliencyOptionHelp } from '../predictSaliency';

const ensembleSpecSchema = s.object({
  labels: labelsFileSchema,
  calibration: calibrationFileSchema,
  thresholds: thresholdsFileSchema,
  abstention: abstentionFileSchema,
  ood: oodFileSchema,
});

function readEnsembleSpec(file: string): DecisionSpec & { ood: OodFile } {
  try {
    return ensembleSpecSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new HilumError('CONFIG_INVALID', `${file}: not a valid ensemble spec (${(e as Error).message})`, { file });
  }
}

function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new HilumError('INVALID_ARGUMENT', `--${name} must be a positive integer (got ${v})`, { option: name });
    return n;
  };
}

function human(r: PredictFilesResult & { releaseStatus: string }): string {
  const lines = [
    `${r.releaseStatus}; bundle ${r.bundleHash}${r.memberHashes.length > 1 ? ` (ensemble of ${r.memberHashes.length})` : ''}; ONNX Runtime provider: ${r.providers.map((p) => p.provider).join(', ')}`,
  ];
  for (const e of r.results) {
    if ('error' in e) {
      lines.push(`${e.input}: ERROR ${e.error.code}: ${e.error.message}`);
      continue;
    }
    const pos = Object.entries(e.labels)
      .filter(([, v]) => v.decision === 'positive')
      .map(([l, v]) => `${l} ${v.probability.toFixed(2)}`);
    const abst = Object.entries(e.labels)
      .filter(([, v]) => v.decision === 'abstain')
      .map(([l]) => l);
    lines.push(
      `${e.input}: positive: ${pos.join(', ') || 'none'}${abst.length ? `; abstained: ${abst.join(', ')}` : ''}; OOD ${e.ood.flagged ? `FLAGGED (${e.ood.reasons.join(', ')})` : 'no'} (${e.ood.detector} ${e.ood.score.toFixed(3)})`,
    );
  }
  const skipped = Object.entries(r.skipped);
  if (skipped.length > 0)
    lines.push(
      `skipped in folders (not read or not an image): ${skipped.map(([reason, n]) => `${n} ${reason}`).join(', ')} (--json lists them)`,
    );
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('predict')
    .description('run a verified model bundle (or an ensemble) on DICOM / PNG / JPEG files or folders')
    .requiredOption(
      '--bundle <dir>',
      'bundle directory; repeat for an ensemble (then --ensemble-spec is required)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .argument(
      '<inputs...>',
      'files or folders (searched recursively; files that are not DICOM, PNG or JPEG by their first bytes, hidden files, FIFOs, sockets and link loops are skipped and counted)',
    )
    .option('--expected-hash <sha256>', 'refuse a bundle whose hash differs (e.g. the signed, locked hash)')
    .option('--ensemble-spec <file>', "JSON with the ensemble's own labels, calibration, thresholds, abstention and ood")
    .option('--tta', 'test-time augmentation: ±5° rotations and 0.95/1.05 scalings (no flips), logits averaged')
    .option('--threads <n>', 'ONNX Runtime intra-op threads', positiveInt('threads'), 2)
    .option('--batch <n>', 'images per ONNX Runtime run', positiveInt('batch'), 8)
    .option('--fhir <dir>', 'write one FHIR R4 Bundle (DiagnosticReport + Observations + Device) per input into <dir>')
    .option('--saliency <finding>', saliencyOptionHelp.saliency)
    .option('--saliency-method <method>', saliencyOptionHelp.method, 'occlusion')
    .option('--saliency-dir <dir>', saliencyOptionHelp.dir, 'saliency')
    .option('--as <user>', 'run as this user (authenticated; otherwise audited as system:<os-user>, unauthenticated)')
    .option('--password-stdin', 'read the --as password from stdin')
    .option(
      '--allow-unlocked',
      `run a bundle that is not a registered, locked model (audited; every output is marked "${researchUseMark}")`,
    )
    .action(
      action(
        async (
          ctx,
          inputs: string[],
          opts: {
            bundle: string[];
            expectedHash?: string;
            ensembleSpec?: string;
            tta?: boolean;
            threads: number;
            batch: number;
            fhir?: string;
            saliency?: string;
            saliencyMethod: string;
            saliencyDir: string;
            as?: string;
            passwordStdin?: boolean;
            allowUnlocked?: boolean;
          },
        ) => {
          let who: ServingActor = { actor: `system:${os.userInfo().username}`, authenticated: false };
          if (opts.as) {
            const [password] = await readPasswords([`password for ${opts.as}`], Boolean(opts.passwordStdin));
            who = { actor: authenticate(ctx.store(), opts.as, password!).username, authenticated: true };
          }
          checkSaliencyOptions(opts, opts.bundle.length);
          const decision = authorizeServing(ctx.store(), opts.bundle, who, Boolean(opts.allowUnlocked));
          const served: InferenceRecord[] = [];
          const predicted = await predictFiles({
            bundleDirs: opts.bundle,
            inputs,
            expectedHash: opts.expectedHash,
            ensembleSpec: opts.ensembleSpec ? readEnsembleSpec(opts.ensembleSpec) : undefined,
            tta: Boolean(opts.tta),
            threads: opts.threads,
            batchSize: opts.batch,
            fhirDir: opts.fhir,
            onInference: (record) => served.push(record),
          });
          // predictFiles reports every inference once all succeeded; one transaction, one signed head for the run.
          auditServedInferences(ctx.store(), who, decision, served);
          const head = signedAuditHead(ctx.store());
          for (const e of predicted.results) {
            if ('fhirFile' in e && e.fhirFile) markFhirFile(e.fhirFile, head, !decision.locked);
          }
          const saliency = await predictSaliency(opts, {
            bundleDir: opts.bundle[0]!,
            expectedHash: opts.expectedHash,
            threads: opts.threads,
            results: predicted.results,
            locked: decision.locked,
          });
          const releaseStatus = decision.locked ? `locked model ${decision.bundles.map((b) => b.model).join(', ')}` : researchUseMark;
          const result = {
            ...predicted,
            saliency,
            releaseStatus,
            locked: decision.locked,
            actor: who.actor,
            authenticated: who.authenticated,
          };
          printResult(result, ctx, (r) => [human(r), ...saliencyLines(r.saliency)].join('\n'));
          return result.results.some((e) => 'error' in e) ? 1 : 0;
        },
      ),
    );
}
