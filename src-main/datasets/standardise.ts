/** Pixel standardisation for training inputs: the training set's mean and SD, applied as (x − mean) / SD. */
export function pixelStatistics(images: Float32Array[]): { mean: number; std: number } {
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (const image of images) {
    for (let i = 0; i < image.length; i++) {
      sum += image[i]!;
      sumSquares += image[i]! * image[i]!;
    }
    count += image.length;
  }
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(sumSquares / count - mean * mean, 1e-12)) };
}

export function standardise(image: Float32Array, { mean, std }: { mean: number; std: number }): Float32Array {
  return image.map((v) => (v - mean) / std);
}
