/**
 * Whether a review study's header says it is not a chest radiograph (the chest X-ray model must not
 * score it), and why. A header that says nothing (no modality, no body part) is left to the model's
 * own out-of-distribution detector rather than guessed at.
 */
const radiographModalities = new Set(['CR', 'DX']);

export function notChestReason(header: { modality: string | null; bodyPart: string | null }): string | null {
  const modality = header.modality?.trim().toUpperCase();
  if (modality && !radiographModalities.has(modality)) return `not a chest radiograph: modality ${modality} (only CR and DX are scored)`;
  const bodyPart = header.bodyPart?.trim().toUpperCase();
  if (bodyPart && bodyPart !== 'CHEST') return `not a chest radiograph: body part ${bodyPart}`;
  return null;
}
