/** Governance, pure parts: canonical JSON, the audit chain record and its verification, roles, the gate language, model diff. */
export * from './canonicalJson';
export * from './roles';
export * from './auditRecord';
export * from './verifyAuditChain';
export * from './metricPath';
export * from './gateSpec';
export * from './evaluateGates';
export * from './diffModels';
