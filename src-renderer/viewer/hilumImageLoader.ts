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

export function imageIdForStudy(studyId: string): string {
  return `${hilumScheme}:${studyId}`;
}

export function viewerImageInfo(imageId: string): ViewerImageInfo | undefined {
  return loaded.get(imageId);
}

async function loadImage(imageId: string): Promise<Types.IImage> {
  const studyId = imageId.slice(hilumScheme.length + 1);
  const { pixelsBase64, ...info } = await api['images.pixels']({ studyId });
  const pixels = decodePixels(pixelsBase64);
  const { rows, columns } = info;
  loaded.set(imageId, { ...info, pixels });
  const bits = pixels instanceof Float32Array ? 32 : 16;
  modules.set(imageId, {
    imagePlaneModule: {
      rows, columns,
      rowCosines: [1, 0, 0], columnCosines: [0, 1, 0],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0], imagePositionPatient: [0, 0, 0],
      pixelSpacing: [info.rowPixelSpacing, info.columnPixelSpacing],
      rowPixelSpacing: info.rowPixelSpacing, columnPixelSpacing: info.columnPixelSpacing,
      frameOfReferenceUID: `hilum-${studyId}`,
    },
    imagePixelModule: {
      samplesPerPixel: 1, photometricInterpretation: info.photometricInterpretation,
      rows, columns, bitsAllocated: bits, bitsStored: bits, highBit: bits - 1, pixelRepresentation: pixels instanceof Int16Array ? 1 : 0,
    },
    generalSeriesModule: { modality: 'OT', seriesInstanceUID: `hilum-${studyId}` },
    voiLutModule: { windowCenter: [info.windowCenter], windowWidth: [info.windowWidth] },
    modalityLutModule: { rescaleSlope: 1, rescaleIntercept: 0 },
  });
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: columns, height: rows, numberOfComponents: 1, scalarData: pixels, id: imageId });
  const image = {
    imageId,
    dataType: pixels.constructor.name,
    color: false,
    rgba: false,
    numberOfComponents: 1,
    columnPixelSpacing: info.columnPixelSpacing,
    rowPixelSpacing: info.rowPixelSpacing,
    columns, rows, width: columns, height: rows,
    intercept: 0, slope: 1,
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
