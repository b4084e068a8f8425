import type Database from 'better-sqlite3';
import { ScholiumError } from '../../../contract/index.js';
import type { Scope } from '../../../contract/ops/ask.js';

/**
 * A scope resolved for queries: `papers` is the list of paper ids to keep
 * (null: the whole library), `references` whether reference-list passages count.
 */
export interface ResolvedScope {
  papers: string[] | null;
  references: boolean;
}

/**
 * Turns the user's scope (papers, a collection, a year range) into the paper
 * ids it covers, so full-text and vector search filter on the same set. An
 * unknown collection or paper is an error, not an empty answer.
 */
export function resolveScope(db: Database.Database, scope: Scope): ResolvedScope {
  const references = scope.includeReferences === true;
  const narrowed =
    scope.paperIds !== undefined ||
    scope.collectionId !== undefined ||
    scope.yearFrom !== undefined ||
    scope.yearTo !== undefined;
  if (!narrowed) return { papers: null, references };
  if (scope.yearFrom !== undefined && scope.yearTo !== undefined && scope.yearFrom > scope.yearTo) {
    throw new ScholiumError(
      'INVALID_REQUEST',
      `The year range ${scope.yearFrom}–${scope.yearTo} is empty: the first year is after the last.`,
    );
  }
  if (
    scope.collectionId !== undefined &&
    db.prepare('SELECT 1 FROM collections WHERE id = ?').get(scope.collectionId) === undefined
  ) {
    throw new ScholiumError('NOT_FOUND', `There is no collection with id ${scope.collectionId}.`);
  }
  if (scope.paperIds !== undefined) {
    const known = new Set(
      (
        db
          .prepare('SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(scope.paperIds)) as { id: string }[]
      ).map((r) => r.id),
    );
    const missing = scope.paperIds.filter((id) => !known.has(id));
    if (missing.length > 0)
      throw new ScholiumError('NOT_FOUND', `There is no paper with id ${missing.join(', ')} in the library.`);
  }
  const rows = db
    .prepare(
      `SELECT id FROM papers
       WHERE (@paperIds IS NULL OR id IN (SELECT value FROM json_each(@paperIds)))
         AND (@collectionId IS NULL OR id IN (SELECT paper_id FROM paper_collections WHERE collection_id = @collectionId))
         AND (@yearFrom IS NULL OR year >= @yearFrom)
         AND (@yearTo IS NULL OR year <= @yearTo)`,
    )
    .all({
      paperIds: scope.paperIds === undefined ? null : JSON.stringify(scope.paperIds),
      collectionId: scope.collectionId ?? null,
      yearFrom: scope.yearFrom ?? null,
      yearTo: scope.yearTo ?? null,
    }) as { id: string }[];
  return { papers: rows.map((r) => r.id), references };
}
