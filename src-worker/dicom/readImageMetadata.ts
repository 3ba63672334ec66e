/** Extracts DicomImageMetadata from a parsed data set; geometry errors are DICOM_BAD_GEOMETRY. */
import { HilumError } from '../../src-core/errors';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import { deriveAgeYears } from '../../src-core/dicom/deriveAgeYears';
import { derivePortable } from '../../src-core/dicom/derivePortable';
import type { DicomDataset } from './readDicom';

function str(ds: DicomDataset, tag: string): string | null {
  try {
    const v = ds.dataSet.string(tag);
    return v === undefined || v === '' ? null : v;
  } catch {
    return null;
  }
}

/** Reads US values that implicit VR files store without a VR; a wrong length is treated as absent. */
function us(ds: DicomDataset, tag: string): number | null {
  const el = ds.dataSet.elements[tag];
  if (!el || el.length < 2) return null;
  return ds.dataSet.uint16(tag) ?? null;
}

function multi(ds: DicomDataset, tag: string): string[] | null {
  const v = str(ds, tag);
  return v ? v.split('\\').map((s) => s.trim()) : null;
}

export function readImageMetadata(ds: DicomDataset): DicomImageMetadata {
  const file = ds.file;
  const rows = us(ds, 'x00280010');
  const columns = us(ds, 'x00280011');
  const bitsAllocated = us(ds, 'x00280100');
  const bitsStored = us(ds, 'x00280101') ?? bitsAllocated;
  const pixelRepresentation = us(ds, 'x00280103') ?? 0;
  const samplesPerPixel = us(ds, 'x00280002') ?? 1;
  const framesText = str(ds, 'x00280008');
  const numberOfFrames = framesText ? Number.parseInt(framesText, 10) : 1;
  const photometric = (str(ds, 'x00280004') ?? (samplesPerPixel === 1 ? 'MONOCHROME2' : '')).toUpperCase();
  const problems: string[] = [];
  if (!rows || !columns) problems.push(`rows ${rows} × columns ${columns}`);
  if (!bitsAllocated || ![1, 8, 16, 32].includes(bitsAllocated)) problems.push(`BitsAllocated ${bitsAllocated}`);
  if (bitsStored === null || bitsStored < 1 || (bitsAllocated !== null && bitsStored > bitsAllocated))
    problems.push(`BitsStored ${bitsStored}`);
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) problems.push(`PixelRepresentation ${pixelRepresentation}`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) problems.push(`SamplesPerPixel ${samplesPerPixel}`);
  if (!Number.isFinite(numberOfFrames) || numberOfFrames < 1) problems.push(`NumberOfFrames ${framesText}`);
  if (problems.length > 0) {
    throw new HilumError('DICOM_BAD_GEOMETRY', `${file}: invalid image geometry (${problems.join(', ')})`, { file, problems });
  }
  const viewPosition = str(ds, 'x00185101')?.toUpperCase() ?? null;
  const portable = derivePortable({
    seriesDescription: str(ds, 'x0008103e'),
    studyDescription: str(ds, 'x00081030'),
    acquisitionDeviceProcessingDescription: str(ds, 'x00181400'),
    protocolName: str(ds, 'x00181030'),
    stationName: str(ds, 'x00081010'),
    manufacturerModel: str(ds, 'x00081090'),
    viewPosition,
  });
  const burned = str(ds, 'x00280301')?.toUpperCase() ?? null;
  const spacing = multi(ds, 'x00181164')?.map(Number);
  const birthDate = str(ds, 'x00100030');
  const studyDate = str(ds, 'x00080020');
  const sex = str(ds, 'x00100040')?.toUpperCase() ?? null;
  return {
    transferSyntaxUid: ds.transferSyntaxUid,
    photometricInterpretation: photometric,
    modality: str(ds, 'x00080060'),
    rows: rows!,
    columns: columns!,
    bitsAllocated: bitsAllocated!,
    bitsStored: bitsStored!,
    pixelRepresentation,
    samplesPerPixel,
    numberOfFrames,
    viewPosition,
    portable: portable.portable,
    portableEvidence: portable.evidence,
    manufacturer: str(ds, 'x00080070'),
    manufacturerModel: str(ds, 'x00081090'),
    sex: sex === 'M' || sex === 'F' || sex === 'O' ? sex : null,
    ageYears: deriveAgeYears(str(ds, 'x00101010'), birthDate, studyDate),
    bodyPart: str(ds, 'x00180015')?.toUpperCase() ?? null,
    institution: str(ds, 'x00080080'),
    burnedInAnnotation: burned === 'YES' ? true : burned === 'NO' ? false : null,
    patientOrientation: multi(ds, 'x00200020'),
    imagerPixelSpacing: spacing && spacing.length === 2 && spacing.every(Number.isFinite) ? [spacing[0]!, spacing[1]!] : null,
    patientId: str(ds, 'x00100020'),
    patientName: str(ds, 'x00100010'),
    birthDate,
    studyDate,
  };
}
