/**
 * A cornerstone3D image loader for `hilum:<studyId>` image ids: fetches decoded pixels over the app
 * contract (main decodes with the same DICOM library the import uses) and builds the IImage plus the
 * metadata modules a StackViewport asks for.
 */
import { imageLoader, metaData, utilities, type Types } from '@cornerstonejs/core';
import type { ResponseOf } from '../../src-core/contracts/bridge';
import { api } from '../lib/api';
import { decodePixels } from './decodePixels';

export const hilumScheme = 'hilum';
export type ViewerImageInfo = Omit<ResponseOf<'images.pixels'>, 'pixelsBase64'> & { pixels: ArrayLike<number> };

const modules = new Map<string, Record<string, unknown>>();
const loaded = new Map<string, ViewerImageInfo>();
let registered = false;

/** `hilum:<studyId>` is the display size (≤ 1024 px); `hilum:<studyId>/full` the full resolution, loaded on demand. */
export function imageIdForStudy(studyId: string, fullResolution = false): string {
  return `${hilumScheme}:${studyId}${fullResolution ? '/full' : ''}`;
}

function parseImageId(imageId: string): { studyId: string; fullResolution: boolean } {
  const [studyId = '', full] = imageId.slice(hilumScheme.length + 1).split('/');
  return { studyId, fullResolution: full === 'full' };
}

export function viewerImageInfo(imageId: string): ViewerImageInfo | undefined {
  return loaded.get(imageId);
}

/**
 * Fetches a study's pixels once per image id. The viewer awaits this before handing the id to cornerstone, so
 * a file that cannot be shown (no pixel data, undecodable) fails here with the service's own error, instead of
 * inside cornerstone's loader, which reports only that loading failed and leaves a rejected promise unhandled.
 */
const fetched = new Map<string, ReturnType<(typeof api)['images.pixels']>>();
export function fetchStudyPixels(imageId: string): ReturnType<(typeof api)['images.pixels']> {
  let pending = fetched.get(imageId);
  if (!pending) {
    const { studyId, fullResolution } = parseImageId(imageId);
    // `case-…` ids name an evaluated case's original file (the Validation page's error gallery), not a review study.
    const channel = studyId.startsWith('case-') ? 'validation.casePixels' : 'images.pixels';
    pending = api[channel](fullResolution ? { studyId, fullResolution } : { studyId });
    fetched.set(imageId, pending);
    // A failed fetch is not kept: opening the study again asks again.
    pending.catch(() => fetched.delete(imageId));
  }
  return pending;
}

async function loadImage(imageId: string): Promise<Types.IImage> {
  const { studyId } = parseImageId(imageId);
  const { pixelsBase64, ...info } = await fetchStudyPixels(imageId);
  // cornerstone caches the image it builds; the base64 answer is not needed after this.
  fetched.delete(imageId);
  const pixels = decodePixels(pixelsBase64);
  const { rows, columns } = info;
  loaded.set(imageId, { ...info, pixels });
  const bits = pixels instanceof Float32Array ? 32 : 16;
  modules.set(imageId, {
    imagePlaneModule: {
      rows,
      columns,
      rowCosines: [1, 0, 0],
      columnCosines: [0, 1, 0],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      imagePositionPatient: [0, 0, 0],
      pixelSpacing: [info.rowPixelSpacing, info.columnPixelSpacing],
      rowPixelSpacing: info.rowPixelSpacing,
      columnPixelSpacing: info.columnPixelSpacing,
      frameOfReferenceUID: `hilum-${studyId}`,
    },
    imagePixelModule: {
      samplesPerPixel: 1,
      photometricInterpretation: info.photometricInterpretation,
      rows,
      columns,
      bitsAllocated: bits,
      bitsStored: bits,
      highBit: bits - 1,
      pixelRepresentation: pixels instanceof Int16Array ? 1 : 0,
    },
    generalSeriesModule: { modality: 'OT', seriesInstanceUID: `hilum-${studyId}` },
    voiLutModule: { windowCenter: [info.windowCenter], windowWidth: [info.windowWidth] },
    modalityLutModule: { rescaleSlope: 1, rescaleIntercept: 0 },
  });
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: columns,
    height: rows,
    numberOfComponents: 1,
    scalarData: pixels,
    id: imageId,
  });
  const image = {
    imageId,
    dataType: pixels.constructor.name,
    color: false,
    rgba: false,
    numberOfComponents: 1,
    columnPixelSpacing: info.columnPixelSpacing,
    rowPixelSpacing: info.rowPixelSpacing,
    columns,
    rows,
    width: columns,
    height: rows,
    intercept: 0,
    slope: 1,
    invert: info.photometricInterpretation === 'MONOCHROME1',
    photometricInterpretation: info.photometricInterpretation,
    minPixelValue: info.minValue,
    maxPixelValue: info.maxValue,
    windowCenter: info.windowCenter,
    windowWidth: info.windowWidth,
    voiLUTFunction: undefined,
    sizeInBytes: pixels.byteLength,
    getPixelData: () => pixels,
    getCanvas: undefined,
    voxelManager,
  };
  return image as unknown as Types.IImage;
}

export function registerHilumImageLoader(): void {
  if (registered) return;
  registered = true;
  metaData.addProvider((type: string, imageId: string) => modules.get(imageId)?.[type], 10_000);
  imageLoader.registerImageLoader(hilumScheme, (imageId: string) => ({ promise: loadImage(imageId) }) as ReturnType<Types.ImageLoaderFn>);
}
