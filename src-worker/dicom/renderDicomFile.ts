/** `hilum dicom render` (the `dicom.render` job): decode, normalise (bone bright), optionally mask burned-in text, write an 8-bit PNG. */
import fs from 'node:fs';
import { HilumError } from '../../src-core/errors';
import { encodeGreyPng } from './encodeGreyPng';
import { loadDicomImage } from './loadDicomImage';
import { maskRegions } from './maskRegions';
import { readDicomFileBytes } from './readDicomFileBytes';

export interface RenderDicomRequest {
  file: string;
  out: string;
  size?: number;
  aspect: 'pad' | 'stretch';
  voi: 'header' | 'percentile';
  maskBurnedIn: boolean;
}

export async function renderDicomFile(request: RenderDicomRequest) {
  const { file, out } = request;
  let image = await loadDicomImage(readDicomFileBytes(file), file, { size: request.size, aspect: request.aspect, voi: request.voi });
  if (request.maskBurnedIn && image.burnedIn.regions.length > 0) image = maskRegions(image, image.burnedIn.regions);
  try {
    fs.writeFileSync(out, encodeGreyPng(image.pixels, image.width, image.height));
  } catch (error) {
    throw new HilumError('IO_ERROR', `${out}: ${(error as Error).message}`, { file: out });
  }
  return {
    file,
    out,
    width: image.width,
    height: image.height,
    steps: image.steps,
    burnedIn: { flagged: image.burnedIn.flagged, regions: image.burnedIn.regions },
  };
}
