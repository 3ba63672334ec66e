/**
 * The worklist review, run as a tracked job: reads every review-folder study's header in the pool,
 * sets aside what is not a chest radiograph (shown as OOD, not scored) and what cannot be read, and
 * predicts the rest with the locked model's verified bundle (one audit row per inference, by the reader).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JobProgress } from '../../../src-core/contracts/jobs';
import { preprocessingFileSchema } from '../../../src-core/bundle/bundleFiles';
import { auditInference } from '../../bundle/auditInference';
import { predictFiles } from '../../bundle/predictFiles';
import { createPseudonymiser, loadInstallationSalt } from '../../datasets/pseudonymise';
import type { AppServices } from '../AppServices';
import { cancellableRunner } from './cancellableRunner';
import { notChestReason } from './notChestReason';
import type { ReviewedStudy, StoredReview } from './StoredReview';

export interface ReviewRequest {
  modelId: string;
  bundlePath: string;
  bundleHash: string;
  reader: string;
}

const isoDate = (da: string | null | undefined) =>
  da && /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : null;

export async function runWorklistReview(
  services: AppServices,
  request: ReviewRequest,
  onProgress: (progress: JobProgress) => void,
  signal: AbortSignal,
): Promise<StoredReview> {
  const runner = cancellableRunner(services.host(), signal);
  const studies = services.studies.list();
  onProgress({ fraction: 0, message: `Reading the headers of ${studies.length} studies` });
  const { headers } = await runner.run('images.studyHeaders', { files: studies.map((s) => s.file) });
  const pseudonyms = createPseudonymiser(loadInstallationSalt(services.dataDir));
  const reviewed: ReviewedStudy[] = studies.map((study, i) => {
    const h = headers[i]!;
    const header = {
      patient: pseudonyms.pseudonym('patient', h.patientId ?? null),
      studyDate: isoDate(h.studyDate),
      modality: h.modality,
      view: h.viewPosition ?? null,
      bodyPart: h.bodyPart ?? null,
    };
    const notChest = h.error ? null : notChestReason(header);
    const kind = h.error ? 'unreadable' : notChest ? 'not-chest' : 'scored';
    return { ...study, header, kind, notScored: h.error ? h.error.message : notChest, error: h.error, entry: null };
  });
  const toScore = reviewed.filter((s) => s.kind === 'scored');
  const saliencyDir = path.join(services.dataDir, 'worklist', request.bundleHash.slice(0, 16));
  fs.mkdirSync(saliencyDir, { recursive: true });
  const result = await predictFiles({
    bundleDirs: [request.bundlePath],
    inputs: toScore.map((s) => s.file),
    expectedHash: request.bundleHash,
    saliencyDir,
    onInference: auditInference(services.store(), request.reader),
    jobs: runner,
    onProgress: (p) => onProgress({ ...p, message: `${p.message ?? ''} (${reviewed.length - toScore.length} not scored)` }),
  });
  const byFile = new Map(toScore.map((s) => [s.file, s]));
  for (const entry of result.results) {
    const study = byFile.get(entry.input);
    if (!study) continue;
    if ('error' in entry)
      Object.assign(study, {
        kind: 'unreadable',
        notScored: entry.error.message,
        error: { code: entry.error.code, message: entry.error.message },
      });
    else study.entry = entry;
  }
  const preprocessing = preprocessingFileSchema.parse(
    JSON.parse(fs.readFileSync(path.join(request.bundlePath, 'preprocessing.json'), 'utf8')),
  );
  return {
    version: 2,
    modelId: request.modelId,
    bundleHash: request.bundleHash,
    aspect: preprocessing.aspect,
    at: new Date().toISOString(),
    studies: reviewed,
  };
}
