import type { Migration } from '../migrate.js';
import { m001Foundation } from './001-foundation.js';

/** Strictly increasing; each runs in its own transaction. Add new files at the end. */
export const migrations: readonly Migration[] = [m001Foundation];
