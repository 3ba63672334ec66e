/** The `dicom.decodeProbe` job: decode DICOM bytes and summarise the result (size, steps, mean); failures throw typed errors. */
import { loadDicomImage } from './loadDicomImage';

export async function probeDecode(
  file: string,
  bytes: Uint8Array,
  size: number,
): Promise<{ width: number; height: number; steps: string[]; mean: number }> {
  const image = await loadDicomImage(bytes, file, { size });
  let sum = 0;
  for (const v of image.pixels) sum += v;
  return { width: image.width, height: image.height, steps: image.steps, mean: sum / image.pixels.length };
}
