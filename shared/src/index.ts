export * from './common/error.schema.js';
export * from './auth/auth.schema.js';
export * from './health/health.schema.js';
export * from './realtime/events.js';
export * from './simulator/emission.schema.js';
