export * from './paws-types.schema.js';
export * from './paws-messages.schema.js';
