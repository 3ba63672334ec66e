/** Model bundles on disk: write, verify, load. */
export { loadBundle, verifyBundle } from './loadBundle';
export { writeBundle, type BundleContents, type WrittenBundle } from './writeBundle';
export { expandInputs, type ExpandedInputs, type SkippedInput } from './expandInputs';
export {
  predictFiles,
  type PredictFilesOptions,
  type PredictFilesResult,
  type PredictResultEntry,
  type InferenceRecord,
} from './predictFiles';
