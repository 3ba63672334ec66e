/**
 * `hilum dicom inspect`'s report for one file (the `dicom.inspect` job): header fields, and whether the
 * pixels actually decode and normalise, with the steps taken. PHI fields are left out unless asked for.
 */
import { serializeError } from '../../src-core/errors';
import { lookupTransferSyntax } from '../../src-core/dicom/transferSyntaxes';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import { loadDicomImage } from './loadDicomImage';
import { readDicom } from './readDicom';
import { readDicomFileBytes } from './readDicomFileBytes';
import { readImageMetadata } from './readImageMetadata';

const phiFields = ['patientId', 'patientName', 'birthDate', 'studyDate', 'institution'] as const;

export interface InspectReport {
  file: string;
  transferSyntaxUid: string | null;
  transferSyntaxName: string | null;
  photometricInterpretation: string | null;
  modality: string | null;
  rows: number | null;
  columns: number | null;
  bitsStored: number | null;
  viewPosition: string | null;
  burnedInAnnotation: boolean | null;
  metadata: Record<string, unknown> | null;
  decodable: boolean;
  steps: string[];
  burnedInRegions: Array<{ x: number; y: number; width: number; height: number }>;
  error: { code: string; message: string } | null;
}

function withoutPhi(meta: DicomImageMetadata, showPhi: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...meta };
  if (!showPhi) for (const key of phiFields) delete out[key];
  return out;
}

export async function inspectDicomFile(file: string, showPhi: boolean): Promise<InspectReport> {
  const bytes = readDicomFileBytes(file);
  const report: InspectReport = {
    file,
    transferSyntaxUid: null,
    transferSyntaxName: null,
    photometricInterpretation: null,
    modality: null,
    rows: null,
    columns: null,
    bitsStored: null,
    viewPosition: null,
    burnedInAnnotation: null,
    metadata: null,
    decodable: false,
    steps: [],
    burnedInRegions: [],
    error: null,
  };
  try {
    const ds = readDicom(bytes, file);
    report.transferSyntaxUid = ds.transferSyntaxUid;
    report.transferSyntaxName = lookupTransferSyntax(ds.transferSyntaxUid)?.name ?? null;
    report.modality = ds.dataSet.string('x00080060') ?? null;
    const meta = readImageMetadata(ds);
    Object.assign(report, {
      photometricInterpretation: meta.photometricInterpretation,
      rows: meta.rows,
      columns: meta.columns,
      bitsStored: meta.bitsStored,
      viewPosition: meta.viewPosition,
      burnedInAnnotation: meta.burnedInAnnotation,
      metadata: withoutPhi(meta, showPhi),
    });
    // "decodable" means it was actually decoded and normalised, not that the syntax is on a list.
    const image = await loadDicomImage(bytes, file, { size: 512 });
    report.decodable = true;
    report.steps = image.steps;
    report.burnedInRegions = image.burnedIn.regions;
  } catch (error) {
    const e = serializeError(error);
    report.error = { code: e.code, message: e.message };
  }
  return report;
}
