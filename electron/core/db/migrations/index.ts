import type { Migration } from '../migrate.js';
import { m001Foundation } from './001-foundation.js';
import { m002Library } from './002-library.js';
import { m003Models } from './003-models.js';
import { m004Conversations } from './004-conversations.js';
import { m005Evaluation } from './005-evaluation.js';
import { m006Owners } from './006-owners.js';
import { m007PaperVenue } from './007-paper-venue.js';
import { m008OcrWords } from './008-ocr-words.js';
import { m009ModelServers } from './009-model-servers.js';
import { m010VectorCodes } from './010-vector-codes.js';

/** Each runs once, in version order, in its own transaction; versions must be unique. */
export const migrations: readonly Migration[] = [
  m001Foundation,
  m002Library,
  m003Models,
  m004Conversations,
  m005Evaluation,
  m006Owners,
  m007PaperVenue,
  m008OcrWords,
  m009ModelServers,
  m010VectorCodes,
].sort((a, b) => a.version - b.version);
