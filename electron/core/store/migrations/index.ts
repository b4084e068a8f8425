import type { Migration } from '../migrate.js';
import { m001Foundation } from './001-foundation.js';
import { m004Conversations } from './004-conversations.js';

/** Each runs once, in version order, in its own transaction; versions must be unique. */
export const migrations: readonly Migration[] = [m001Foundation, m004Conversations].sort((a, b) => a.version - b.version);
