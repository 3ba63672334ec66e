/** Governance services: accounts, audit trail, model registry, signatures, gates, locking, change control. */
export * from './auditTrail';
export * from './changeControl';
export * from './exportAuditTrail';
export * from './gateEvaluation';
export * from './installationKey';
export * from './lockModel';
export * from './lockPolicy';
export * from './modelRegistry';
export * from './passwordHash';
export * from './sha256Hex';
export * from './signatures';
export * from './userAccounts';
export * from './verifyAuditTrail';
export * from './verifyLockedBundle';
export * from './authorize';
export * from './recordEvaluationMetrics';
