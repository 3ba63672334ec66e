/** The whole store schema: one file per area, re-exported here for drizzle and drizzle-kit. */
export * from './system';
export * from './governance';
export * from './datasets';
export * from './evaluation';
export * from './adjudication';
export * from './runs';
export * from './sessions';
export * from './worklist';
