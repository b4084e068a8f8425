/**
 * Keys for matching a paper to an outside record: titles compared on letters
 * and digits only (case, accents, punctuation, LaTeX braces and spacing
 * differ between a PDF and a .bib file), DOIs without their resolver prefix.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const DOI_PATTERN = /\b(10\.\d{4,9}\/[^\s"<>]+)/i;

/** "https://doi.org/10.1000/XYZ." → "10.1000/xyz"; null when there is no DOI in the text. */
export function normalizeDoi(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const match = DOI_PATTERN.exec(text.trim());
  if (match === null) return null;
  return match[1]!.replace(/[.,;:)\]}]+$/, '').toLowerCase();
}

/** A year between 1000 and 2200 found in a date-like value ("2014-05-02", "May 2014", 2014). */
export function parseYear(value: unknown): number | null {
  const match = /\b(1\d{3}|2[01]\d{2}|2200)\b/.exec(String(value ?? ''));
  return match === null ? null : Number(match[1]);
}
