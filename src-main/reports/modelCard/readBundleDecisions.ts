/**
 * The decision files the bundle ships (calibration fitted on validation, thresholds, abstention
 * bands, OOD thresholds), read from the bundle only after its bytes verify against the registered
 * hash: the card prints what serving will use, or says why it cannot.
 */
import { verifyBundle } from '../../bundle/loadBundle';
import { HilumError } from '../../../src-core/errors';

type Json = Record<string, unknown>;

export interface BundleDecisions {
  /** Why the files could not be read (missing or changed bundle), else null. */
  problem: string | null;
  calibration: Json | null;
  thresholds: Json | null;
  abstention: Json | null;
  ood: { primary: unknown; thresholds: Record<string, unknown> } | null;
}

export function readBundleDecisions(bundlePath: string, bundleHash: string): BundleDecisions {
  let files: Map<string, Uint8Array>;
  try {
    files = verifyBundle(bundlePath, { expectedHash: bundleHash }).files;
  } catch (error) {
    if (!(error instanceof HilumError)) throw error;
    return { problem: error.message, calibration: null, thresholds: null, abstention: null, ood: null };
  }
  const unreadable: string[] = [];
  const json = (name: string): Json | null => {
    const bytes = files.get(name);
    if (!bytes) return null;
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as Json;
    } catch {
      // Intact but not JSON (a hand-made bundle): said on the card rather than shown as absent.
      unreadable.push(name);
      return null;
    }
  };
  const ood = json('ood.json');
  const [calibration, thresholds, abstention] = [json('calibration.json'), json('thresholds.json'), json('abstention.json')];
  if (unreadable.length > 0)
    return {
      problem: `${unreadable.join(', ')} in ${bundlePath} not readable as JSON`,
      calibration: null,
      thresholds: null,
      abstention: null,
      ood: null,
    };
  return {
    problem: null,
    calibration,
    thresholds,
    abstention,
    ood: ood
      ? {
          primary: ood.primary,
          // Only the thresholds: the detector parameters (whitening matrices) are not card material.
          thresholds: Object.fromEntries(
            Object.entries(ood)
              .filter(([, v]) => typeof v === 'object' && v !== null && 'threshold' in v)
              .map(([k, v]) => [k, (v as Json).threshold]),
          ),
        }
      : null,
  };
}
