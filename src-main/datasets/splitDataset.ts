/**
 * `dataset split`: assigns patient-disjoint, label-stratified train/val/test splits (or marks a
 * whole dataset as the external test set of another), runs the leakage check, and refuses —
 * writing nothing — when any patient would appear in two splits (SPLIT_LEAKAGE) or an external
 * set shares an institution with its base dataset (SPLIT_SITE_OVERLAP).
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { assignPatientSplits, type SplitUnit } from '../../src-core/datasets/assignPatientSplits';
import { assertNoSplitLeakage, checkSplitLeakage, type LeakageReport } from '../../src-core/datasets/checkSplitLeakage';
import { appendAuditEvent } from '../governance/auditTrail';
import { cliActor } from '../runs/cliActor';
import type { Store } from '../store/openStore';
import { datasetImages, datasetLabels, datasets } from '../store/schema/datasets';
import { collectSplitMemberships } from './collectSplitMemberships';
import { datasetContentHash } from './datasetContentHash';
import { loadDatasetByName, type DatasetRow } from './loadDatasetByName';

export interface SplitRequest {
  name: string;
  seed: number;
  fractions?: { train: number; val: number; test: number };
  /** Make `name` the external test set of this dataset instead of splitting it. */
  externalOf?: string;
  /** The audit actor (the signed-in user in the app); the operating-system user by default. */
  actor?: string;
}

export interface SplitResult {
  name: string;
  mode: 'split' | 'external';
  images: Record<string, number>;
  patients: Record<string, number>;
  leakage: LeakageReport;
  /** Checks that could not be made (e.g. institution-disjointness when sites are unknown). */
  warnings: string[];
}

export const DEFAULT_FRACTIONS = { train: 0.7, val: 0.1, test: 0.2 };

export function splitDataset(store: Store, request: SplitRequest): SplitResult {
  const dataset = loadDatasetByName(store, request.name);
  if (dataset.status !== 'ready')
    throw new HilumError('CONFLICT', `Dataset "${request.name}" is ${dataset.status}, not ready`, { name: request.name });
  if (request.externalOf) return markExternal(store, dataset, loadDatasetByName(store, request.externalOf), request.actor ?? cliActor());
  if (dataset.externalOfDatasetId !== null) {
    throw new HilumError('CONFLICT', `Dataset "${request.name}" is an external test set; it is not split`, { name: request.name });
  }
  const fractions = request.fractions ?? DEFAULT_FRACTIONS;
  const rows = store.db
    .select({ id: datasetImages.id, patient: datasetImages.patientPseudonym, contentHash: datasetImages.contentHash })
    .from(datasetImages)
    // Import order, never index order: SQLite would otherwise walk the (dataset, pseudonym) index, and
    // the split would depend on the installation's salt instead of only on the seed.
    .where(eq(datasetImages.datasetId, dataset.id))
    .orderBy(asc(datasetImages.id))
    .all();
  const positives = new Map<number, string[]>();
  const labelRows = store.db
    .select({ imageId: datasetLabels.imageId, label: datasetLabels.label })
    .from(datasetLabels)
    .innerJoin(datasetImages, eq(datasetImages.id, datasetLabels.imageId))
    .where(and(eq(datasetImages.datasetId, dataset.id), eq(datasetLabels.state, 1)))
    .all();
  for (const l of labelRows) (positives.get(l.imageId) ?? positives.set(l.imageId, []).get(l.imageId)!).push(l.label);
  const patientOf = (r: { id: number; patient: string | null }) => r.patient ?? `image:${dataset.id}:${r.id}`;
  const group = groupByContent(rows.map((r) => ({ patient: patientOf(r), contentHash: r.contentHash })));
  const units: SplitUnit[] = rows.map((r) => ({ imageId: r.id, patient: group(patientOf(r)), positives: positives.get(r.id) ?? [] }));
  const assignment = assignPatientSplits(units, { seed: request.seed, fractions });

  // Check the proposed assignment together with any external sets before writing anything.
  const proposed = collectSplitMemberships(store, dataset);
  const splitOfPatient = new Map(rows.map((r) => [patientOf(r), assignment.splitOf.get(r.id) as string]));
  const memberships = proposed.map((m) =>
    m.split.startsWith('external:') ? m : { patient: m.patient, split: splitOfPatient.get(m.patient) ?? m.split },
  );
  const leakage = checkSplitLeakage(memberships);
  assertNoSplitLeakage(leakage, `Split of dataset "${dataset.name}"`);

  store.db.transaction((tx) => {
    const bySplit = new Map<string, number[]>();
    for (const [id, s] of assignment.splitOf) (bySplit.get(s) ?? bySplit.set(s, []).get(s)!).push(id as number);
    for (const [s, ids] of bySplit) {
      for (let i = 0; i < ids.length; i += 5000)
        tx.update(datasetImages)
          .set({ split: s })
          .where(inArray(datasetImages.id, ids.slice(i, i + 5000)))
          .run();
    }
    tx.update(datasets)
      .set({
        splitSeed: request.seed,
        splitFractionsJson: JSON.stringify(fractions),
        leakageReportJson: JSON.stringify(leakage),
        splitAt: new Date().toISOString(),
      })
      .where(eq(datasets.id, dataset.id))
      .run();
    // The dataset content hash covers every image's split, so it is the split's record hash.
    appendAuditEvent(store, {
      actor: request.actor ?? cliActor(),
      action: 'dataset.split',
      recordType: 'dataset_split',
      recordId: String(dataset.id),
      afterHash: datasetContentHash(store, dataset.name),
      payload: { seed: request.seed, fractions, leakageOk: leakage.ok },
      state: [{ table: 'datasets', key: String(dataset.id) }],
    });
  });
  return summarise(
    dataset.name,
    'split',
    rows.map((r) => ({ patient: patientOf(r), split: assignment.splitOf.get(r.id) as string })),
    leakage,
  );
}

function markExternal(store: Store, dataset: DatasetRow, base: DatasetRow, actor: string): SplitResult {
  if (base.id === dataset.id) throw new HilumError('INVALID_ARGUMENT', 'A dataset cannot be its own external set');
  if (base.externalOfDatasetId !== null) throw new HilumError('CONFLICT', `"${base.name}" is itself an external set`, { name: base.name });
  const sites = (id: number) =>
    new Set(
      store.db
        .selectDistinct({ s: datasetImages.sitePseudonym })
        .from(datasetImages)
        .where(and(eq(datasetImages.datasetId, id), isNotNull(datasetImages.sitePseudonym)))
        .all()
        .map((r) => r.s as string),
    );
  const baseSites = sites(base.id);
  const warnings: string[] = [];
  for (const d of [base, dataset]) {
    const unknown = store.sqlite
      .prepare('SELECT count(*) AS n FROM dataset_images WHERE dataset_id = ? AND site_pseudonym IS NULL')
      .get(d.id) as { n: number };
    if (unknown.n > 0)
      warnings.push(`${unknown.n} image(s) of "${d.name}" have no institution: institution-disjointness is not verified for them`);
  }
  const shared = [...sites(dataset.id)].filter((s) => baseSites.has(s));
  if (shared.length > 0) {
    throw new HilumError(
      'SPLIT_SITE_OVERLAP',
      `"${dataset.name}" cannot be the external set of "${base.name}": they share institution(s) ${shared.join(', ')}`,
      { shared },
    );
  }
  // The base dataset, its splits and its other external sets, plus this dataset as a new external set.
  const memberships = collectSplitMemberships(store, base).filter((m) => m.split !== `external:${dataset.name}`);
  const own = store.db
    .select({ id: datasetImages.id, patient: datasetImages.patientPseudonym })
    .from(datasetImages)
    .where(eq(datasetImages.datasetId, dataset.id))
    .all();
  const external = own.map((r) => ({ patient: r.patient ?? `image:${dataset.id}:${r.id}`, split: `external:${dataset.name}` }));
  const all = dedupe([...memberships, ...external]);
  const leakage = checkSplitLeakage(all);
  try {
    assertNoSplitLeakage(leakage, `External set "${dataset.name}" of "${base.name}"`);
  } catch (error) {
    // Equal IDs count as the same patient by default; name the fix for IDs that merely collide across sources.
    if (error instanceof HilumError)
      throw new HilumError(
        error.code,
        `${error.message}. If these are different people whose IDs only coincide (another source's numbering), re-import "${dataset.name}" with --patient-namespace <name>`,
        error.details,
      );
    throw error;
  }
  store.db.transaction((tx) => {
    tx.update(datasetImages).set({ split: 'external' }).where(eq(datasetImages.datasetId, dataset.id)).run();
    tx.update(datasets)
      .set({ externalOfDatasetId: base.id, leakageReportJson: JSON.stringify(leakage), splitAt: new Date().toISOString() })
      .where(eq(datasets.id, dataset.id))
      .run();
    appendAuditEvent(store, {
      actor,
      action: 'dataset.split.external',
      recordType: 'dataset_split',
      recordId: String(dataset.id),
      afterHash: datasetContentHash(store, dataset.name),
      payload: { externalOf: base.id, leakageOk: leakage.ok },
      state: [{ table: 'datasets', key: String(dataset.id) }],
    });
  });
  return {
    ...summarise(
      dataset.name,
      'external',
      external.map((e) => ({ ...e, split: 'external' })),
      leakage,
    ),
    warnings,
  };
}

/**
 * Byte-identical images filed under different patient keys (re-exports, copies) would put the same
 * pixels in two splits: patients linked by a shared content hash are split as one group (union-find).
 */
function groupByContent(items: { patient: string; contentHash: string }[]): (patient: string) => string {
  const parent = new Map<string, string>();
  const find = (p: string): string => {
    let root = p;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    let q = p;
    while (q !== root) {
      const next = parent.get(q) as string;
      parent.set(q, root);
      q = next;
    }
    return root;
  };
  const firstPatientOfHash = new Map<string, string>();
  for (const { patient, contentHash } of items) {
    if (!parent.has(patient)) parent.set(patient, patient);
    const other = firstPatientOfHash.get(contentHash);
    if (other === undefined) firstPatientOfHash.set(contentHash, patient);
    else {
      const [a, b] = [find(other), find(patient)];
      // Keep the earlier-imported patient as the root so the grouping does not depend on pseudonym values.
      if (a !== b) parent.set(b, a);
    }
  }
  return find;
}

function dedupe<T extends { patient: string; split: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.patient}\u0000${i.split}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function summarise(
  name: string,
  mode: 'split' | 'external',
  memberships: { patient: string; split: string }[],
  leakage: LeakageReport,
): SplitResult {
  const images: Record<string, number> = {};
  const patients: Record<string, Set<string>> = {};
  for (const m of memberships) {
    images[m.split] = (images[m.split] ?? 0) + 1;
    (patients[m.split] ??= new Set()).add(m.patient);
  }
  return { name, mode, images, patients: Object.fromEntries(Object.entries(patients).map(([k, v]) => [k, v.size])), leakage, warnings: [] };
}
