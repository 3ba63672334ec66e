/** The `hilum dicom inspect|render` jobs: header, decode and normalisation of one file, and its PNG rendering. */
import { s } from '../../validate';
import { bytesSchema } from './bytesSchema';
import { defineJob } from './defineJob';

const region = s.object({ x: s.number(), y: s.number(), width: s.number(), height: s.number() });

export const dicomJobs = {
  'dicom.decodeProbe': defineJob(
    "Decodes DICOM bytes held in memory (the fuzz harness's mutants) and summarises the image; the pool's time limit is the per-file cap",
    s.object({ file: s.string(), bytes: bytesSchema, size: s.number({ integer: true, min: 8, max: 8192 }) }),
    s.object({ width: s.number(), height: s.number(), steps: s.array(s.string()), mean: s.number() }),
  ),
  'dicom.inspect': defineJob(
    'Header fields of one DICOM file, whether its pixels actually decode, and the normalisation steps (PHI only when asked)',
    s.object({ file: s.string(), showPhi: s.boolean() }),
    s.object({
      file: s.string(),
      transferSyntaxUid: s.nullable(s.string()),
      transferSyntaxName: s.nullable(s.string()),
      photometricInterpretation: s.nullable(s.string()),
      modality: s.nullable(s.string()),
      rows: s.nullable(s.number()),
      columns: s.nullable(s.number()),
      bitsStored: s.nullable(s.number()),
      viewPosition: s.nullable(s.string()),
      burnedInAnnotation: s.nullable(s.boolean()),
      metadata: s.nullable(s.record(s.unknown())),
      decodable: s.boolean(),
      steps: s.array(s.string()),
      burnedInRegions: s.array(region),
      error: s.nullable(s.object({ code: s.string(), message: s.string() })),
    }),
  ),
  'dicom.render': defineJob(
    'Decodes and normalises one DICOM file (bone bright) and writes an 8-bit greyscale PNG',
    s.object({
      file: s.string(),
      out: s.string(),
      size: s.optional(s.number({ integer: true, min: 8, max: 8192 })),
      aspect: s.enumOf(['pad', 'stretch'] as const),
      voi: s.enumOf(['header', 'percentile'] as const),
      maskBurnedIn: s.boolean(),
    }),
    s.object({
      file: s.string(),
      out: s.string(),
      width: s.number(),
      height: s.number(),
      steps: s.array(s.string()),
      burnedIn: s.object({ flagged: s.boolean(), regions: s.array(region) }),
    }),
  ),
} as const;
