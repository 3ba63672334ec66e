/**
 * Writes a seeded synthetic dataset: DICOM Part 10 phantoms spread over several sites (each with
 * its own scanner characteristics and transfer syntax), `labels.csv` in Hilum's generic CSV
 * layout, `hilum-mapping.json` to import it (`hilum dataset import --format csv <dir> --mapping
 * <dir>/hilum-mapping.json`), and `phantom-manifest.json` recording seed, settings and which
 * tool produced each transfer syntax.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PHANTOM_FINDINGS } from '../../src-core/datasets/labelVocabularies';
import { createRng } from '../../src-core/random/createRng';
import { writeDicomPart10 } from '../dicom-write/writeDicomPart10';
import { transcodeDicomFile } from '../dicom-write/transcodeDicomFile';
import { defaultPhantomSites } from './defaultPhantomSites';
import { encodePhantomPixels } from './encodePhantomPixels';
import { phantomDicomElements, phantomUid } from './phantomDicomElements';
import type { PhantomSite, PhantomSubject } from './phantomTypes';
import { renderPhantom } from './renderPhantom';
import { type FindingRates, defaultFindingRates, samplePhantomSubject } from './samplePhantomSubject';

export interface PhantomDatasetOptions {
  dir: string;
  count: number;
  seed: number;
  sites?: PhantomSite[];
  size?: number;
  rates?: FindingRates;
  /** Skip transcoding (every file Explicit VR Little Endian); see tools/dicom-write/transcodeDicomFile.ts. */
  transcode?: boolean;
}

export interface PhantomDatasetResult {
  dir: string;
  files: string[];
  labelsCsv: string;
  mappingFile: string;
  patients: number;
  /** transfer syntax → number of files. */
  transferSyntaxes: Record<string, number>;
  notes: string[];
}

const TRANSCODES_IN_FLIGHT = 4;

export async function generatePhantomDataset(options: PhantomDatasetOptions): Promise<PhantomDatasetResult> {
  const sites = options.sites ?? defaultPhantomSites;
  const size = options.size ?? 256;
  const random = createRng(options.seed).nextFloat;
  mkdirSync(options.dir, { recursive: true });
  const header = ['file', 'patient_id', 'sex', 'age', 'view', 'site', ...PHANTOM_FINDINGS, 'transfer_syntax'];
  const rows: string[] = [header.join(',')];
  const files: string[] = [];
  const syntaxes: Record<string, number> = {};
  const notes = new Set<string>();
  const pending: Promise<void>[] = [];
  const transcodeLater = (file: string, site: PhantomSite, row: number) => {
    pending.push(
      transcodeDicomFile(file, site.transferSyntax).then((t) => {
        if (t.note) notes.add(t.note);
        syntaxes[t.syntax] = (syntaxes[t.syntax] ?? 0) + 1;
        rows[row] = (rows[row] as string).replace(/,PENDING$/, `,${t.syntax}`);
      }),
    );
  };
  let patient = 0;
  while (files.length < options.count) {
    patient++;
    const site = sites[Math.floor(random() * sites.length)] as PhantomSite;
    const sex = random() < 0.5 ? 'F' : 'M';
    const ageYears = Math.round(18 + random() * 72);
    const patientId = `PH${options.seed}-${String(patient).padStart(5, '0')}`;
    const studyUid = phantomUid(random);
    const images = 1 + Math.floor(random() * 3);
    for (let k = 0; k < images && files.length < options.count; k++) {
      const subject = samplePhantomSubject(random, patientId, { sex, ageYears }, site.apFraction, options.rates ?? defaultFindingRates);
      // File names carry no patient identifier (the importer stores source paths as they are).
      const rel = `${site.id}/IMG${String(files.length + 1).padStart(5, '0')}.dcm`;
      const file = path.join(options.dir, rel);
      writePhantomFile(file, subject, site, size, random, { studyUid, instanceNumber: k + 1 });
      files.push(rel);
      rows.push([rel, patientId, sex, ageYears, subject.view, site.id, ...labelsOf(subject), 'PENDING'].join(','));
      if ((options.transcode ?? true) && site.transferSyntax !== 'explicit-le') {
        transcodeLater(file, site, rows.length - 1);
        // Rendering continues while DCMTK (JPEG lossless) runs in its own processes; bound how many at once.
        if (pending.length >= TRANSCODES_IN_FLIGHT)
          await Promise.race(pending.map((p, i) => p.then(() => i))).then((i) => pending.splice(i, 1));
      } else {
        syntaxes['explicit-le'] = (syntaxes['explicit-le'] ?? 0) + 1;
        rows[rows.length - 1] = (rows[rows.length - 1] as string).replace(/,PENDING$/, ',explicit-le');
      }
    }
  }
  await Promise.all(pending);
  const labelsCsv = path.join(options.dir, 'labels.csv');
  writeFileSync(labelsCsv, `${rows.join('\n')}\n`);
  const mappingFile = path.join(options.dir, 'hilum-mapping.json');
  writeFileSync(
    mappingFile,
    `${JSON.stringify({ csv: 'labels.csv', image: 'file', patient: 'patient_id', sex: 'sex', age: 'age', view: 'view', site: 'site', labels: [...PHANTOM_FINDINGS] }, null, 2)}\n`,
  );
  const result = { dir: options.dir, files, labelsCsv, mappingFile, patients: patient, transferSyntaxes: syntaxes, notes: [...notes] };
  writeFileSync(
    path.join(options.dir, 'phantom-manifest.json'),
    `${JSON.stringify({ generator: 'hilum generatePhantomDataset', synthetic: true, seed: options.seed, size, count: options.count, sites, rates: options.rates ?? defaultFindingRates, transferSyntaxes: syntaxes, notes: result.notes }, null, 2)}\n`,
  );
  return result;
}

function labelsOf(s: PhantomSubject): number[] {
  const f = s.findings;
  const present: Record<(typeof PHANTOM_FINDINGS)[number], boolean> = {
    Cardiomegaly: f.cardiomegaly,
    Effusion: f.effusion !== null,
    Nodule: f.nodule !== null,
    Mass: f.mass !== null,
    Pneumothorax: f.pneumothorax !== null,
    Consolidation: f.consolidation !== null,
  };
  return PHANTOM_FINDINGS.map((l) => (present[l] ? 1 : 0));
}

function writePhantomFile(
  file: string,
  subject: PhantomSubject,
  site: PhantomSite,
  size: number,
  random: () => number,
  extra: { studyUid: string; instanceNumber: number },
): void {
  const attenuation = renderPhantom(subject, size, random);
  const encoded = encodePhantomPixels(attenuation, size, site, subject.view, random);
  const birthYear = 2025 - Math.floor(subject.ageYears);
  const { sopClassUid, elements } = phantomDicomElements({
    subject,
    site,
    size,
    stored: encoded.stored,
    maxValue: encoded.maxValue,
    patientName: `PHANTOM^${subject.patientId.replace(/-/g, '')}`,
    birthDate: `${birthYear}0101`,
    studyUid: extra.studyUid,
    seriesUid: `${extra.studyUid}.1`.slice(0, 64),
    sopInstanceUid: phantomUid(random),
    instanceNumber: extra.instanceNumber,
  });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, writeDicomPart10(elements, sopClassUid, elements[2]?.value as string));
}
