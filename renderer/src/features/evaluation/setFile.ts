/** The format of a question file from its name: JSON Lines or CSV; null for anything else. */
export function setFileFormat(filename: string): 'jsonl' | 'csv' | null {
  const ext = /\.([^.]+)$/.exec(filename.toLowerCase())?.[1];
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  return null;
}

/** One sentence for what an import did, e.g. "Imported 3 questions from q.jsonl; 1 line was not." */
export function importSummary(filename: string, imported: number, failed: number, asDrafts: boolean): string {
  const what = `${imported} ${imported === 1 ? 'question' : 'questions'}${asDrafts ? ' as drafts to review' : ''}`;
  const rest = failed === 0 ? '' : `; ${failed} ${failed === 1 ? 'line was' : 'lines were'} not imported`;
  return `Imported ${what} from ${filename}${rest}.`;
}
