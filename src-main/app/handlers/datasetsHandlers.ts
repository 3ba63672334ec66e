/** datasets.* handlers over the dataset service (src-main/datasets): list, import (tracked as a job), summary. */
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { formatOptionsFromCli } from '../../datasets/formatOptionsFromCli';
import { importDatasetIntoStore } from '../../datasets/importDatasetIntoStore';
import { showDataset } from '../../datasets/showDataset';
import { splitDataset } from '../../datasets/splitDataset';
import { datasets } from '../../store/schema/datasets';
import type { AppCallContext, AppServices } from '../AppServices';
import type { SessionCallContext } from '../session/SessionCallContext';

type Names = 'datasets.list' | 'datasets.import' | 'datasets.split' | 'datasets.summary';

export function datasetsHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'datasets.list': () => ({
      datasets: services
        .store()
        .db.select()
        .from(datasets)
        .all()
        .map((d) => ({
          // The name is unique and is what the dataset service looks datasets up by.
          id: d.name,
          name: d.name,
          format: d.format,
          imageCount: d.importedCount,
          quarantinedCount: d.quarantinedCount,
          importedAt: d.createdAt,
        })),
    }),

    'datasets.import': ({ name, format, sourcePath, labelFile, imageSize, limit }, ctx) => {
      const formatOptions = formatOptionsFromCli(
        format,
        format === 'csv' ? { ...(labelFile ? { mapping: labelFile } : {}) } : { ...(labelFile ? { csv: labelFile } : {}) },
      );
      const { id: jobId } = services.jobs.track(
        'datasets.import',
        (onProgress, signal) =>
          importDatasetIntoStore(services.store(), {
            name,
            format,
            root: path.resolve(sourcePath),
            formatOptions,
            ...(limit ? { limit } : {}),
            ...(imageSize ? { size: imageSize } : {}),
            onProgress: (done) => onProgress({ message: `${done} files processed`, data: { done } }),
            jobs: services.host(),
            signal,
            ...auditActor(ctx),
          }),
        { name, format, sourcePath, labelFile, imageSize, limit },
        { cancellable: true },
      );
      return { jobId };
    },

    'datasets.split': ({ datasetId, seed }, ctx) => {
      const result = splitDataset(services.store(), { name: datasetId, seed, ...auditActor(ctx) });
      return { images: result.images, patients: result.patients, leakageOk: result.leakage.ok };
    },

    'datasets.summary': ({ datasetId }) => {
      const summary = showDataset(services.store(), datasetId);
      const totals = new Map<string, { positive: number; negative: number; uncertain: number; missing: number }>();
      for (const label of summary.labelNames) totals.set(label, { positive: 0, negative: 0, uncertain: 0, missing: 0 });
      for (const split of Object.values(summary.splits)) {
        for (const [label, c] of Object.entries(split.labels)) {
          const t = totals.get(label) ?? { positive: 0, negative: 0, uncertain: 0, missing: 0 };
          t.positive += c.positive;
          t.negative += c.negative;
          t.uncertain += c.uncertain;
          t.missing += c.blank;
          totals.set(label, t);
        }
      }
      return {
        id: summary.name,
        name: summary.name,
        status: summary.status,
        images: summary.images,
        patients: summary.patients,
        labels: summary.labelNames,
        prevalence: [...totals].map(([label, t]) => ({ label, ...t })),
        metadataCoverage: Object.entries(summary.metadataCoverage).map(([field, fraction]) => ({ field, fraction })),
        quarantine: summary.quarantine.files.map((f) => ({ file: f.sourcePath, code: f.code, reason: f.message })),
        splits: Object.entries(summary.splits).map(([split, s]) => ({ split, patients: s.patients, images: s.images })),
        leakage: {
          ok: summary.leakage.ok,
          patientsInSeveralSplits: summary.leakage.shared.length,
          examples: summary.leakage.shared.slice(0, 5).map((s) => `${s.patient} (${s.splits.join(', ')})`),
        },
      };
    },
  };
}

/**
 * The signed-in user as the audit actor. guardChannels always sets it for these builder channels; only a
 * handler table used without the guard (tests) has none, and then the service's default actor applies.
 */
function auditActor(ctx: AppCallContext): { actor?: string } {
  const user = (ctx as Partial<SessionCallContext>).user;
  return user ? { actor: user.username } : {};
}
