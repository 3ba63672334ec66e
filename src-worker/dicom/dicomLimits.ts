/** Per-file resource caps for DICOM ingestion. The time cap is enforced by the caller (see runDecodeWithTimeout). */

export interface DicomLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest inflated data set for Deflated Explicit VR LE, in bytes (a zip bomb guard). */
  maxInflatedBytes: number;
  /** Largest rows × columns × samples of the frame that is decoded. */
  maxPixels: number;
  /** Deepest sequence nesting accepted. */
  maxSequenceDepth: number;
}

export const defaultDicomLimits: DicomLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxPixels: 16384 * 16384,
  maxSequenceDepth: 16,
};

export function resolveLimits(limits?: Partial<DicomLimits>): DicomLimits {
  return { ...defaultDicomLimits, ...(limits ?? {}) };
}
