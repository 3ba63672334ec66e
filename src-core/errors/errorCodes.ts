/**
 * Stable error codes. A code, once shipped, keeps its meaning: tools (CI gates, the UI,
 * other hospitals' scripts) match on it. Add new codes; never rename or reuse one.
 */
export const errorCodes = {
  // generic
  BUG: 'An internal invariant was broken (a defect in Hilum, please report it)',
  INVALID_ARGUMENT: 'A request or argument did not match its contract',
  NOT_FOUND: 'The requested record or file does not exist',
  CONFLICT: 'The request conflicts with the current state',
  CANCELLED: 'The job was cancelled',
  TIMEOUT: 'The operation ran past its time limit',
  IO_ERROR: 'A file could not be read or written',
  UNSUPPORTED: 'The feature or format is not supported here',
  // worker host
  WORKER_CRASHED: 'The worker process threw an uncaught error',
  WORKER_EXITED: 'The worker process exited or was killed before finishing the job',
  UNKNOWN_JOB: 'The worker does not know this job type',
  // store
  STORE_OPEN_FAILED: 'The data store could not be opened',
  STORE_MIGRATION_FAILED: 'The data store could not be migrated',
  // configuration
  CONFIG_INVALID: 'A configuration file is invalid',
  // DICOM and images
  DICOM_PARSE: 'The file is not a readable DICOM Part 10 data set',
  DICOM_NO_PIXEL_DATA: 'The DICOM data set has no pixel data',
  DICOM_UNSUPPORTED_SYNTAX: 'The transfer syntax is not supported',
  DICOM_DECODE: 'The pixel data could not be decoded',
  DICOM_BAD_GEOMETRY: 'Rows, columns, bits or samples are missing or inconsistent',
  DICOM_LIMIT: 'The file exceeds a size, time or memory limit',
  IMAGE_DECODE: 'The PNG or JPEG image could not be decoded',
  // datasets
  DATASET_FORMAT: 'A dataset file does not have the expected layout',
  DATASET_LABEL: 'A label value is not valid',
  SPLIT_LEAKAGE: 'A patient appears in more than one split',
  // models and metrics
  MODEL_WEIGHTS: 'Model weights are missing, unexpected or mis-shaped',
  METRIC_UNDEFINED: 'The metric is undefined for this input',
  EXPORT_PARITY: 'The exported model does not reproduce the reference outputs',
  BUNDLE_INTEGRITY: 'A model bundle failed its hash verification',
  // governance
  AUTH_FAILED: 'The user name or password is wrong',
  FORBIDDEN: "The user's role does not allow this action",
  AUDIT_CHAIN_BROKEN: 'The audit trail failed verification',
  GATE_FAILED: 'A validation gate failed',
  LOCK_REFUSED: 'The model cannot be locked in its current state',
  MODEL_LOCKED: 'The model is locked and cannot be changed',
  // datasets (appended)
  DATASET_FILE_MISSING: 'A file named by a dataset label file does not exist',
  SPLIT_SITE_OVERLAP: 'An external test set shares an institution with the dataset it validates',
  // governance (appended)
  MODEL_NOT_LOCKED: 'The model bundle is not a locked model (or differs from the locked one)',
  // evaluation (appended)
  CHART_RENDER_FAILED: 'A report chart could not be rendered',
  EVAL_MODEL_UNRECOGNISED: 'The --model path is neither a bundle, a training run nor a checkpoint with a config',
  EVAL_EMPTY_SPLIT: 'The dataset split to evaluate has no images',
  // app session (appended)
  NOT_SIGNED_IN: 'No one is signed in (or the session ended): sign in again',
  SESSION_LOCKED: 'The session is locked after inactivity: re-enter the password to continue',
  // governance controls (appended)
  SIGNING_KEY_UNAVAILABLE: 'The audit signing key cannot be read (missing file, wrong passphrase, not Ed25519)',
  SIGNING_KEY_UNSAFE: 'The audit signing key is stored in plain text inside the data folder',
  ACCOUNT_LOCKED: 'The account is locked after repeated failed sign-ins: wait, or ask an admin to unlock it',
  PASSWORD_POLICY: 'The password does not meet the password policy',
  INFERENCE_INVALID: 'The model produced a probability that is not a number: no interpretation is reported',
  BUNDLE_MISMATCH: "The bundle's ONNX model does not match its manifest (labels, feature size, image size)",
  DATASET_PATH_OUTSIDE_ROOT: 'A label-file row names a file outside the dataset folder (absolute path or ../): it is not read',
  CHECKPOINT_UNSAFE:
    'A .pth checkpoint names code outside the allow-list (torch tensor rebuilds and storages, OrderedDict): it is not loaded',
  NOT_REGULAR_FILE: 'An input is a FIFO, socket, device, or a looping or broken symbolic link: it is never opened',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodes, value);
}
