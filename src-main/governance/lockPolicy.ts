/** Which signatures a lock needs. Default: an `authored` signature by an engineer and an `approved` signature by QA, from distinct people. */
import { HilumError } from '../../src-core/errors';
import { isRole, type Role } from '../../src-core/governance';
import type { SignatureMeaning } from './signatures';

export interface RequiredSignature {
  meaning: SignatureMeaning;
  roles: Role[];
}

export interface LockPolicy {
  requiredSignatures: RequiredSignature[];
  /** Separation of duties: each required signature must come from a different person. */
  distinctSigners: boolean;
}

export const defaultLockPolicy: LockPolicy = {
  requiredSignatures: [{ meaning: 'authored', roles: ['engineer'] }, { meaning: 'approved', roles: ['qa'] }],
  distinctSigners: true,
};

export function parseLockPolicy(raw: unknown, file: string): LockPolicy {
  const bad = (m: string): never => { throw new HilumError('CONFIG_INVALID', `${file}: ${m}`, { file }); };
  if (typeof raw !== 'object' || raw === null) return bad('a lock policy must be an object');
  const doc = raw as Record<string, unknown>;
  if (!Array.isArray(doc.requiredSignatures) || doc.requiredSignatures.length === 0) return bad('requiredSignatures must be a non-empty list');
  const requiredSignatures = doc.requiredSignatures.map((r, i): RequiredSignature => {
    const e = r as Record<string, unknown>;
    if (!['authored', 'reviewed', 'approved'].includes(String(e.meaning))) bad(`requiredSignatures[${i}].meaning must be authored, reviewed or approved`);
    if (!Array.isArray(e.roles) || !e.roles.every(isRole)) bad(`requiredSignatures[${i}].roles must list roles`);
    return { meaning: e.meaning as SignatureMeaning, roles: e.roles as Role[] };
  });
  return { requiredSignatures, distinctSigners: doc.distinctSigners === undefined ? true : Boolean(doc.distinctSigners) };
}
