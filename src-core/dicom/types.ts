/** Types shared by the DICOM worker, the renderer and the store: the normalised image and its metadata. */

/** An axis-aligned rectangle in pixel coordinates of the image it belongs to. */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Header fields Hilum keeps from a DICOM image. PHI fields are raw and only for pseudonymisation. */
export interface DicomImageMetadata {
  transferSyntaxUid: string;
  photometricInterpretation: string;
  modality: string | null;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  numberOfFrames: number;
  /** Upper-cased (0018,5101) ViewPosition, e.g. AP, PA, LATERAL, LL, RL; null when absent. */
  viewPosition: string | null;
  /** true/false when a documented header field says so, null when nothing in the header tells (see derivePortable). */
  portable: boolean | null;
  /** Which header field decided `portable`, for audit (e.g. "(0008,103E) SeriesDescription contains PORTABLE"). */
  portableEvidence: string | null;
  manufacturer: string | null;
  manufacturerModel: string | null;
  /** M, F, O or null. */
  sex: string | null;
  ageYears: number | null;
  bodyPart: string | null;
  /** Raw (0008,0080) InstitutionName; the dataset layer pseudonymises it. */
  institution: string | null;
  /** (0028,0301) BurnedInAnnotation: true for YES, false for NO, null when absent. */
  burnedInAnnotation: boolean | null;
  patientOrientation: string[] | null;
  imagerPixelSpacing: [number, number] | null;
  /** Raw PHI: returned only so the dataset layer can pseudonymise it. Never print without --show-phi. */
  patientId: string | null;
  patientName: string | null;
  birthDate: string | null;
  studyDate: string | null;
}

export interface BurnedInResult {
  /** true when the header says YES or the detector found candidate text regions. */
  flagged: boolean;
  regions: PixelRegion[];
}

/** A decoded, normalised greyscale image: values in [0,1], bone bright, row-major. */
export interface NormalisedImage {
  width: number;
  height: number;
  pixels: Float32Array;
  /** Every step applied, in order, with its parameters (e.g. "voi:window c=550 w=1100 (header)"). */
  steps: string[];
  metadata: DicomImageMetadata;
  burnedIn: BurnedInResult;
}
