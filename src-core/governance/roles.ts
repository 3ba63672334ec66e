/** Roles and the permission table: which role may perform which governance action. Checked by every service call. */
import { HilumError } from '../errors';

export const roles = ['engineer', 'qa', 'radiologist', 'admin'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'user.create',
  'user.list',
  'model.register',
  'model.recordMetrics',
  'model.view',
  'gate.evaluate',
  'sign.authored',
  'sign.reviewed',
  'sign.approved',
  'sign.rejected',
  'model.lock',
  'model.retire',
  'change.create',
  'thresholds.revalidate',
  'audit.verify',
  'audit.export',
  'audit.checkpoint',
  'card.export',
  'inference.run',
  'adjudicate',
  'gate.register',
  'gate.approve',
  'policy.manage',
  'user.unlock',
] as const;
export type Action = (typeof actions)[number];

/**
 * Why this table: engineers build and author models; QA reviews, approves (or rejects) and locks —
 * separation of duties means the author cannot be the approver (also enforced by the lock rule that
 * counts distinct signers). Radiologists read cards, run inference and may review. Admins manage
 * accounts and the audit trail but do not sign models. Radiologists (and admins, who may
 * stand in as a reading physician) adjudicate worklist cases: their readings become expert labels.
 * Gate specs (acceptance criteria) are registered by engineers or QA and approved only by QA (not
 * by the person who registered them); release policies are set only by admins, with a signature.
 */
export const permissions: Readonly<Record<Role, readonly Action[]>> = {
  engineer: [
    'model.register',
    'model.recordMetrics',
    'model.view',
    'gate.evaluate',
    'gate.register',
    'sign.authored',
    'change.create',
    'thresholds.revalidate',
    'audit.verify',
    'card.export',
    'inference.run',
  ],
  qa: [
    'model.view',
    'gate.evaluate',
    'gate.register',
    'gate.approve',
    'sign.reviewed',
    'sign.approved',
    'sign.rejected',
    'model.lock',
    'model.retire',
    'thresholds.revalidate',
    'audit.verify',
    'audit.export',
    'audit.checkpoint',
    'card.export',
    'inference.run',
  ],
  radiologist: ['model.view', 'sign.reviewed', 'card.export', 'inference.run', 'adjudicate'],
  admin: [
    'user.create',
    'user.list',
    'user.unlock',
    'policy.manage',
    'model.view',
    'audit.verify',
    'audit.export',
    'audit.checkpoint',
    'card.export',
    'model.retire',
    'adjudicate',
  ],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function can(role: Role, action: Action): boolean {
  return permissions[role].includes(action);
}

/** Throws FORBIDDEN naming the user, role and action when the role may not act. */
export function requirePermission(user: { username: string; role: Role }, action: Action): void {
  if (!can(user.role, action)) {
    throw new HilumError('FORBIDDEN', `user ${user.username} (role ${user.role}) may not perform ${action}`, {
      username: user.username,
      role: user.role,
      action,
    });
  }
}
