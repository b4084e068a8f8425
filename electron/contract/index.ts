export * from './result.js';
export * from './events.js';
export * from './operations.js';
export * from './wire.js';
export * from './client.js';
export * from './wireClient.js';
export * from './rate.js';
