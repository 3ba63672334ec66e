/**
 * images.saliency for a reviewed study: answers from the on-disk cache (per bundle, study content and
 * finding) at once, or starts the `inference.saliency` job as a tracked job and answers its id, so the
 * viewer shows progress and asks again when it is done. Nothing here decodes or infers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { saliencyMapResult, type SaliencyMethod } from '../../../src-core/contracts/jobs/saliency';
import { HilumError } from '../../../src-core/errors';
import { displaySaliency } from '../../../src-core/saliency/displaySaliency';
import { loadBundle } from '../../bundle';
import { getModel } from '../../governance/modelRegistry';
import type { AppServices } from '../AppServices';
import { cancellableRunner } from './cancellableRunner';
import type { ScoredEntry, StoredReview } from './StoredReview';

type Answer = ResponseOf<'images.saliency'>;

export interface SaliencyRequest {
  studyId: string;
  file: string;
  entry: ScoredEntry;
  review: StoredReview;
  finding?: string;
  method?: SaliencyMethod;
}

/** The review's attention map sidecar: `{ grid, values }`, values already max 1. */
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

export class StudySaliency {
  /** Jobs in flight by cache file, so a second request for the same map joins the first. */
  private readonly running = new Map<string, string>();

  constructor(private readonly services: AppServices) {}

  /** Where a map is cached: under the data dir, by bundle hash, input content hash and (for occlusion) finding. */
  cacheFile(bundleHash: string, inputSha256: string, method: SaliencyMethod, finding: string): string {
    const name = method === 'attention' ? 'attention.json' : `occlusion-${encodeURIComponent(finding)}.json`;
    return path.join(this.services.dataDir, 'saliency', bundleHash, inputSha256, name);
  }

  answer(request: SaliencyRequest): Answer {
    const { entry, review } = request;
    const method = request.method ?? 'occlusion';
    const findings = Object.entries(entry.labels)
      .map(([label, v]) => ({ label, probability: v.probability }))
      .sort((a, b) => b.probability - a.probability);
    const finding = request.finding ?? findings[0]?.label;
    const chosen = findings.find((f) => f.label === finding);
    if (!finding || !chosen)
      throw new HilumError(
        'INVALID_ARGUMENT',
        `The model has no finding "${String(finding)}" (it has ${findings.map((f) => f.label).join(', ')})`,
        {
          finding,
        },
      );
    const answer: Omit<Answer, 'jobId' | 'map'> = {
      method,
      finding,
      probability: chosen.probability,
      findings,
      aspect: review.aspect,
      explains:
        method === 'occlusion'
          ? `Occlusion sensitivity for ${finding}: how much hiding each square lowers the finding's calibrated logit`
          : 'Attention rollout: where the whole model looked (the same map for every finding)',
    };
    const cacheFile = this.cacheFile(entry.bundleHash, entry.inputSha256, method, finding);
    if (fs.existsSync(cacheFile)) {
      const map = saliencyMapResult.parse(readJson(cacheFile), cacheFile);
      if (map.inputSha256 !== entry.inputSha256) {
        // The study's file changed after the review: the map would explain other pixels than the scores did.
        fs.rmSync(cacheFile, { force: true });
        throw new HilumError('NOT_FOUND', `${request.file}: changed since the worklist review; run the review again`, {
          file: request.file,
        });
      }
      return { ...answer, jobId: null, map: { grid: map.grid, values: Array.from(displaySaliency(map.values, map.peak)), peak: map.peak } };
    }
    // The review already wrote the attention map beside its overlay: no job for it.
    if (method === 'attention' && entry.saliencyMapFile && fs.existsSync(entry.saliencyMapFile)) {
      const map = readJson(entry.saliencyMapFile) as { grid: number; values: number[] };
      return { ...answer, jobId: null, map: { grid: map.grid, values: map.values, peak: 1 } };
    }
    return { ...answer, jobId: this.start(request, method, finding, cacheFile), map: null };
  }

  private start(request: SaliencyRequest, method: SaliencyMethod, finding: string, cacheFile: string): string {
    const inFlight = this.running.get(cacheFile);
    if (inFlight) return inFlight;
    const bundlePath = getModel(this.services.store(), request.review.modelId).bundlePath;
    const { id, outcome } = this.services.jobs.track(
      'images.saliency',
      (onProgress, signal) => {
        // Verified here, byte for byte against the hash the review served; the worker re-checks the weights it reads.
        const b = loadBundle(bundlePath, { expectedHash: request.entry.bundleHash });
        const bundle = { source: b.source, bundleHash: b.bundleHash, spec: b.spec, modelBytes: b.modelBytes };
        onProgress({ fraction: 0, message: `Computing the ${method} map for ${finding}` });
        return cancellableRunner(this.services.host(), signal).run(
          'inference.saliency',
          { bundle, items: [{ file: request.file, mapFile: cacheFile }], finding, method },
          { onProgress },
        );
      },
      { studyId: request.studyId, finding, method },
      { cancellable: true },
    );
    this.running.set(cacheFile, id);
    void outcome.then(() => this.running.delete(cacheFile));
    return id;
  }
}
