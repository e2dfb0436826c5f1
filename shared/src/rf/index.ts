export * from './geo.util.js';
export * from './channel-plan.js';
export * from './rf-model.js';
