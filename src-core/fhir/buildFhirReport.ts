/** Builds a FHIR R4 Bundle (type collection): one DiagnosticReport, one Observation per finding, and a Device for the model bundle. */
import type { CaseOutcome, Decision } from '../bundle/decideCase';
import { HilumError } from '../errors';
import type { FhirBundle, FhirDevice, FhirDiagnosticReport, FhirObservation } from './fhirTypes';

export const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
/** Findings are Hilum's label names (NIH ChestX-ray14 style), not yet mapped to SNOMED CT: a local code system. */
export const FINDING_SYSTEM = 'urn:hilum:finding';
export const BUNDLE_HASH_SYSTEM = 'urn:hilum:model-bundle-sha256';
export const INPUT_HASH_SYSTEM = 'urn:hilum:input-sha256';

const INTERPRETATION: Record<Decision, { code: string; display: string }> = {
  positive: { code: 'POS', display: 'Positive' },
  negative: { code: 'NEG', display: 'Negative' },
  abstain: { code: 'IND', display: 'Indeterminate' },
};

export interface FhirReportInput {
  outcome: CaseOutcome;
  /** SHA-256 of the input file: identifies what was read without carrying PHI. */
  inputSha256: string;
  bundleHash: string;
  modelName: string;
  modelVersion?: string;
  /** ISO 8601 UTC time of the inference. */
  issuedUtc: string;
  /** e.g. "Patient/123", when the caller knows the subject. */
  subjectReference?: string;
  /** A fresh RFC 4122 UUID per call (crypto.randomUUID in Node): used for ids and urn:uuid fullUrls. */
  newUuid: () => string;
}

function decisionNote(label: string, d: CaseOutcome['labels'][string]): { text: string }[] | undefined {
  if (d.decision !== 'abstain') return undefined;
  return [{ text: `Model abstained on ${label}: ${d.abstainReasons.join(', ')}. Needs a radiologist's reading.` }];
}

export function buildFhirReport(input: FhirReportInput): FhirBundle {
  const { outcome, issuedUtc } = input;
  const deviceId = input.newUuid();
  const device: FhirDevice = {
    resourceType: 'Device',
    id: deviceId,
    identifier: [{ system: BUNDLE_HASH_SYSTEM, value: input.bundleHash }],
    deviceName: [{ name: input.modelName, type: 'model-name' }],
    ...(input.modelVersion ? { version: [{ value: input.modelVersion }] } : {}),
    type: { text: 'Software: chest radiograph classification model (Hilum bundle)' },
    note: [{ text: `Model bundle SHA-256 ${input.bundleHash}` }],
  };
  const subject = input.subjectReference ? { subject: { reference: input.subjectReference } } : {};
  const imaging = [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging', display: 'Imaging' }] },
  ];
  const observations: FhirObservation[] = Object.entries(outcome.labels).map(([label, d]) => {
    // A NaN or null probability must never surface as POS/NEG/IND: refuse the whole report instead.
    if (typeof d.probability !== 'number' || !Number.isFinite(d.probability) || !(d.decision in INTERPRETATION)) {
      throw new HilumError(
        'INFERENCE_INVALID',
        `${label}: probability ${String(d.probability)} (decision ${String(d.decision)}) is not a finite number: no FHIR interpretation is written`,
        { label, inputSha256: input.inputSha256 },
      );
    }
    const note = decisionNote(label, d);
    return {
      resourceType: 'Observation',
      id: input.newUuid(),
      status: 'preliminary',
      category: imaging,
      code: { coding: [{ system: FINDING_SYSTEM, code: label, display: label }], text: label },
      ...subject,
      effectiveDateTime: issuedUtc,
      issued: issuedUtc,
      valueQuantity: { value: d.probability, unit: '1', system: UCUM_SYSTEM, code: '1' },
      interpretation: [{ coding: [{ system: INTERPRETATION_SYSTEM, ...INTERPRETATION[d.decision] }] }],
      ...(note ? { note } : {}),
      device: { reference: `urn:uuid:${deviceId}` },
    };
  });
  const positives = observations.filter((o) => o.interpretation[0]!.coding![0]!.code === 'POS').map((o) => o.code.text);
  const abstained = observations.filter((o) => o.interpretation[0]!.coding![0]!.code === 'IND').map((o) => o.code.text);
  const conclusion = [
    `AI model output (preliminary, for radiologist review). Positive: ${positives.length ? positives.join(', ') : 'none'}.`,
    abstained.length ? ` Abstained: ${abstained.join(', ')}.` : '',
    outcome.ood.flagged ? ` Out-of-distribution input (${outcome.ood.reasons.join(', ')}).` : '',
  ].join('');
  const report: FhirDiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: input.newUuid(),
    identifier: [{ system: INPUT_HASH_SYSTEM, value: input.inputSha256 }],
    status: 'preliminary',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD', display: 'Radiology' }] }],
    code: {
      coding: [{ system: 'http://loinc.org', code: '18748-4', display: 'Diagnostic imaging study' }],
      text: 'Chest radiograph AI findings',
    },
    ...subject,
    effectiveDateTime: issuedUtc,
    issued: issuedUtc,
    result: observations.map((o) => ({ reference: `urn:uuid:${o.id}` })),
    conclusion,
  };
  const entries = [report, ...observations, device].map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource }));
  return { resourceType: 'Bundle', id: input.newUuid(), type: 'collection', timestamp: issuedUtc, entry: entries };
}
