/**
 * Image channels for the viewer: the renderer asks for a study by opaque id (never by path) and gets
 * modality-LUT-applied pixels; windowing, zoom and inversion happen in cornerstone3D.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';

export const studyListItem = s.object({
  studyId: id,
  name: s.string(),
  modality: s.nullable(s.string()),
  rows: s.nullable(s.number()),
  columns: s.nullable(s.number()),
  /** Why the header could not be read (the file is listed so the user sees it, but cannot be opened). */
  error: s.nullable(s.object({ code: s.string(), message: s.string() })),
});

export const viewerImage = s.object({
  studyId: id,
  rows: s.number({ integer: true, min: 1 }),
  columns: s.number({ integer: true, min: 1 }),
  /** Float32 little-endian values after the Modality LUT, base64, row-major (rows × columns). */
  pixelsBase64: s.string(),
  minValue: s.number(),
  maxValue: s.number(),
  windowCenter: s.number(),
  windowWidth: s.number({ min: 0 }),
  /** MONOCHROME1: high values are dark; the viewer starts inverted. */
  photometricInterpretation: s.string(),
  rowPixelSpacing: s.number(),
  columnPixelSpacing: s.number(),
  /** 1 when the image was downsampled for display (the decode is full resolution). */
  downsampleFactor: s.number({ min: 1 }),
  steps: s.array(s.string()),
});

export const imagesChannels = {
  'images.studies': defineChannel('DICOM studies in the configured review folders', empty, s.object({ studies: s.array(studyListItem) })),
  'images.pixels': defineChannel(
    'Decoded pixels of one study for the viewer (downsampled to 1024 px for display unless fullResolution)',
    s.object({ studyId: id, fullResolution: s.optional(s.boolean()) }),
    viewerImage,
  ),
  'images.saliency': defineChannel(
    "Saliency of the latest worklist review for one study: the attention map (grid × grid, 0–1) and how the model's square input sat on the image",
    s.object({ studyId: id }),
    s.object({
      grid: s.number({ integer: true, min: 1 }),
      /** Row-major grid × grid values in [0, 1]. */
      values: s.array(s.number()),
      /** pad: the longer side fills the square, centred; stretch: the whole image is squeezed into it. */
      aspect: s.enumOf(['pad', 'stretch'] as const),
      /** What the map explains: attention rollout is over the whole image, not one finding. */
      explains: s.string(),
    }),
  ),
} as const;
