/**
 * Model card sections 3-7 (data provenance and splits, pretraining, labels and uncertainty,
 * augmentations, training recipe and curve), filled from the recorded lineage (collectModelLineage)
 * and any document recorded for the model; "Not recorded" names exactly which record is missing.
 */
import path from 'node:path';
import { heading, mono, para, sub } from './cardText';
import type { ModelLineage, RunLineage } from './collectModelLineage';
import { drawTable } from './drawTable';
import { describeDocument, formatEstimate } from './pdfText';

type Doc = PDFKit.PDFDocument;
type Json = Record<string, unknown>;

/** Recorded documents for these sections (model-wide `data` and `training` kinds), when any. */
export interface RecordedDocs {
  data: unknown;
  training: unknown;
}

function noRun(lineage: ModelLineage, what: string): string {
  return `Not recorded: this bundle has no recorded training run (it was registered without \`hilum bundle --run\`), so its ${what} is unknown, and no document for it was recorded.`;
}

function recorded(doc: Doc, value: unknown, fields?: string[]): boolean {
  if (value === undefined || value === null || typeof value !== 'object') return false;
  const source = fields ? Object.fromEntries(fields.filter((f) => f in (value as Json)).map((f) => [f, (value as Json)[f]])) : value;
  if (Object.keys(source as Json).length === 0) return false;
  para(doc, 'Recorded document:');
  for (const line of describeDocument(source)) para(doc, line);
  return true;
}

function configPart(doc: Doc, run: RunLineage, key: string, label: string): void {
  const value = run.config[key];
  if (value === undefined) para(doc, `${label}: not in run ${run.id}'s recorded config.`);
  else for (const line of describeDocument(value, label)) para(doc, line);
}

export function dataSection(doc: Doc, lineage: ModelLineage, docs: RecordedDocs): void {
  heading(doc, '3. Data provenance and splits');
  const hadDoc = recorded(doc, docs.data);
  const d = lineage.dataset;
  if (!lineage.run && (hadDoc || lineage.evaluations.length > 0))
    para(doc, 'Training data: not recorded (no training run is linked to this bundle; it was registered without `hilum bundle --run`).');
  if (lineage.run) {
    sub(doc, `Training data of run ${lineage.run.id}: dataset "${lineage.run.datasetName}"`);
    mono(doc, 'Dataset content hash when trained', lineage.run.datasetContentHash);
    if (!d) para(doc, `The dataset "${lineage.run.datasetName}" is no longer in the store (removed after training).`);
  }
  if (d) {
    mono(
      doc,
      'Dataset content hash now',
      `${d.contentHashNow}${d.contentHashNow === lineage.run?.datasetContentHash ? ' (matches)' : ' (CHANGED since training)'}`,
    );
    para(doc, `Format ${d.format}; ${d.imported} images imported, ${d.quarantined} quarantined; status ${d.status}.`);
    para(
      doc,
      d.splitSeed === null
        ? 'Split: not split.'
        : `Patient-level split with seed ${d.splitSeed} at ${d.splitAt ?? '?'}; fractions ${describeDocument(d.splitFractions).join(', ')}; leakage check ${d.leakageOk === null ? 'not recorded' : d.leakageOk ? 'passed (no patient in two splits)' : 'FAILED'}.`,
    );
    if (d.externalOf) para(doc, `External test set of "${d.externalOf}".`);
    drawTable(
      doc,
      [
        { header: 'Split', width: 70 },
        { header: 'Images', width: 55 },
        { header: 'Patients', width: 55 },
        { header: 'Split hash (SHA-256)', width: 315 },
      ],
      d.splits.map((s) => [s.split, String(s.images), String(s.patients), s.hash]),
      7,
    );
  }
  if (lineage.evaluations.length > 0) {
    sub(doc, 'Evaluations stored for this bundle hash');
    drawTable(
      doc,
      [
        { header: 'Id', width: 30 },
        { header: 'Dataset', width: 120 },
        { header: 'Split', width: 50 },
        { header: 'Images', width: 45 },
        { header: 'Dataset content hash now', width: 250 },
      ],
      lineage.evaluations.map((e) => [
        String(e.id),
        e.dataset,
        e.split,
        String(e.images),
        e.contentHashNow ?? '(dataset not in this store)',
      ]),
      7,
    );
  }
  if (!hadDoc && !lineage.run && lineage.evaluations.length === 0)
    para(doc, 'Not recorded: no training run, no stored evaluation and no data document are linked to this bundle.');
}

export function pretrainingSection(doc: Doc, lineage: ModelLineage, docs: RecordedDocs): void {
  heading(doc, '4. Pretraining');
  const hadDoc = recorded(doc, docs.training, ['pretraining']);
  const run = lineage.run;
  if (!run) return void (hadDoc || para(doc, noRun(lineage, 'initialisation')));
  const init = run.config.initWeights;
  para(doc, `Weight initialisation: ${String(run.config.weightInit ?? 'not in the recorded config')}.`);
  if (typeof init !== 'string')
    return para(doc, `No pretrained weights: run ${run.id} started from initialised weights (no initWeights in its config).`);
  para(doc, `Initial weights: ${path.basename(init)}${run.config.linearProbe ? ' (linear probe: encoder frozen)' : ''}.`);
  const p = lineage.pretrainRun;
  if (!p)
    return para(doc, 'The run that produced these weights is not in this store (weights from outside Hilum or another installation).');
  para(
    doc,
    `Produced by run ${p.id} on dataset "${p.datasetName}" (${String(p.result?.epochsRun ?? p.config.epochs ?? '?')} epochs, backend ${p.backend ?? '?'}; mask ratio ${String(p.config.maskRatio ?? 'n/a')}).`,
  );
  mono(doc, 'Pretraining config hash', p.configHash);
}

export function labelSection(doc: Doc, lineage: ModelLineage, docs: RecordedDocs): void {
  heading(doc, '5. Label and uncertainty handling');
  const hadDoc = recorded(doc, docs.training, ['labelHandling', 'uncertaintyHandling']);
  const run = lineage.run;
  if (!run) return void (hadDoc || para(doc, noRun(lineage, 'label policy')));
  configPart(doc, run, 'targets', 'Targets (uncertain and blank labels)');
  configPart(doc, run, 'loss', 'Loss');
}

export function augmentationSection(doc: Doc, lineage: ModelLineage, docs: RecordedDocs): void {
  heading(doc, '6. Augmentations');
  const hadDoc = recorded(doc, docs.training, ['augmentations']);
  if (!lineage.run) return void (hadDoc || para(doc, noRun(lineage, 'augmentation')));
  configPart(doc, lineage.run, 'augment', 'Augment');
}

const recipeKeys = [
  'epochs',
  'batchSize',
  'microBatch',
  'lr',
  'minLr',
  'warmupEpochs',
  'weightDecay',
  'clipNorm',
  'layerDecay',
  'ema',
  'swaEpochs',
  'selectBy',
  'seed',
];

export function recipeSection(doc: Doc, lineage: ModelLineage, docs: RecordedDocs): void {
  heading(doc, '7. Training recipe and curve');
  const hadDoc = recorded(doc, docs.training, ['recipe', 'optimizer']);
  const run = lineage.run;
  if (!run) return void (hadDoc || para(doc, noRun(lineage, 'training recipe')));
  para(
    doc,
    `Run ${run.id} by ${run.createdBy}, ${run.createdAt} to ${run.finishedAt ?? '(not finished)'}, status ${run.status}; backend ${run.backend ?? '?'}; code ${run.codeVersion}.`,
  );
  mono(doc, 'Config hash (SHA-256 of the resolved config)', run.configHash);
  para(
    doc,
    recipeKeys
      .filter((k) => run.config[k] !== undefined)
      .map((k) => `${k} ${String(run.config[k])}`)
      .join('; '),
  );
  configPart(doc, run, 'model', 'Model');
  if (lineage.bundle)
    para(
      doc,
      `Bundle built from the "${lineage.bundle.weights}" weights; decision rules: ${describeDocument(lineage.bundle.decisionRules).join('; ')}.`,
    );
  trainingCurve(doc, run);
}

function trainingCurve(doc: Doc, run: RunLineage): void {
  sub(doc, 'Training curve');
  const history = (Array.isArray(run.result?.history) ? run.result.history : []) as Json[];
  if (history.length === 0) return para(doc, `Not recorded: run ${run.id} stored no per-epoch history.`);
  const columns = [...new Set(history.flatMap((h) => Object.keys(h).filter((k) => k !== 'epoch' && typeof h[k] === 'number')))];
  const best = typeof run.result?.bestEpoch === 'number' ? run.result.bestEpoch : null;
  para(
    doc,
    `${history.length} epochs recorded; best epoch ${best === null ? 'not recorded' : best + 1} (selected by validation macro-${String(run.config.selectBy ?? 'auroc').toUpperCase()}).`,
  );
  // Long runs: every k-th epoch plus the best and the last, so the table stays on a page.
  const step = Math.ceil(history.length / 25);
  const shown = history.filter((h, i) => i % step === 0 || i === history.length - 1 || h.epoch === best);
  const width = Math.floor(445 / Math.max(1, columns.length));
  drawTable(
    doc,
    [{ header: 'Epoch', width: 50 }, ...columns.map((c) => ({ header: c, width }))],
    shown.map((h) => [`${Number(h.epoch) + 1}${h.epoch === best ? ' (best)' : ''}`, ...columns.map((c) => formatEstimate(h[c], 4))]),
    7,
  );
}
