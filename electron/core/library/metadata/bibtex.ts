import { latexToUnicode } from './latex.js';
import { normalizeDoi, parseYear } from '../normalize.js';
import { bibtexPlacement } from './itemTypes.js';
import type { MetadataRecord } from './record.js';

export interface BibEntry {
  type: string;
  key: string;
  /** Field values with @string macros expanded and concatenations joined, LaTeX still in place. */
  fields: Record<string, string>;
  /** 1-based line of the entry's "@". */
  line: number;
}

const MONTHS: Record<string, string> = {
  jan: 'January',
  feb: 'February',
  mar: 'March',
  apr: 'April',
  may: 'May',
  jun: 'June',
  jul: 'July',
  aug: 'August',
  sep: 'September',
  oct: 'October',
  nov: 'November',
  dec: 'December',
};

class BibSyntaxError extends Error {}

/**
 * A BibTeX reader: @string macros, # concatenation, braced and quoted values
 * with nesting, @comment and @preamble skipped, text outside entries ignored
 * (as BibTeX does). An entry it cannot parse is reported by line and the rest
 * of the file is still read.
 */
export function parseBibtex(source: string): { entries: BibEntry[]; warnings: string[] } {
  const entries: BibEntry[] = [];
  const warnings: string[] = [];
  const macros: Record<string, string> = { ...MONTHS };
  let pos = 0;
  const lineAt = (at: number): number => source.slice(0, at).split('\n').length;

  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos]!)) pos++;
  };
  const expect = (c: string): void => {
    skipSpace();
    if (source[pos] !== c)
      throw new BibSyntaxError(
        `expected "${c}" but found ${pos < source.length ? `"${source[pos]}"` : 'the end of the file'}`,
      );
    pos++;
  };
  const identifier = (): string => {
    skipSpace();
    const match = /^[^\s"#%'(),={}]+/.exec(source.slice(pos, pos + 500));
    if (match === null) throw new BibSyntaxError('expected a name');
    pos += match[0].length;
    return match[0];
  };
  const delimited = (close: string): string => {
    // pos is just after the opening delimiter; braces nest in both forms.
    let depth = 0;
    const start = pos;
    for (; pos < source.length; pos++) {
      const c = source[pos];
      if (c === '\\') {
        pos++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0 && close === '}') return source.slice(start, pos++);
        depth--;
        if (depth < 0) throw new BibSyntaxError('unbalanced "}"');
      } else if (c === close && depth === 0) return source.slice(start, pos++);
    }
    throw new BibSyntaxError('a value is not closed before the end of the file');
  };
  const value = (): string => {
    const parts: string[] = [];
    for (;;) {
      skipSpace();
      const c = source[pos];
      if (c === '{') {
        pos++;
        parts.push(delimited('}'));
      } else if (c === '"') {
        pos++;
        parts.push(delimited('"'));
      } else if (c !== undefined && /\d/.test(c)) {
        const digits = /^\d+/.exec(source.slice(pos))![0];
        pos += digits.length;
        parts.push(digits);
      } else {
        const name = identifier().toLowerCase();
        parts.push(macros[name] ?? name);
      }
      skipSpace();
      if (source[pos] !== '#') return parts.join('');
      pos++;
    }
  };

  for (;;) {
    const at = source.indexOf('@', pos);
    if (at < 0) break;
    pos = at + 1;
    const line = lineAt(at);
    try {
      const type = identifier().toLowerCase();
      skipSpace();
      const open = source[pos];
      if (open !== '{' && open !== '(') throw new BibSyntaxError(`expected "{" after @${type}`);
      pos++;
      const close = open === '{' ? '}' : ')';
      if (type === 'comment' || type === 'preamble') {
        delimited(close);
        continue;
      }
      if (type === 'string') {
        const name = identifier().toLowerCase();
        expect('=');
        macros[name] = value();
        expect(close);
        continue;
      }
      const key = identifier();
      const fields: Record<string, string> = {};
      for (;;) {
        skipSpace();
        if (source[pos] === ',') pos++;
        skipSpace();
        if (source[pos] === close) {
          pos++;
          break;
        }
        const name = identifier().toLowerCase();
        expect('=');
        fields[name] = value();
      }
      entries.push({ type, key, fields, line });
    } catch (error) {
      if (!(error instanceof BibSyntaxError)) throw error;
      warnings.push(`Entry at line ${line} could not be read (${error.message}); it was left out.`);
      // Resume at the next line, after this entry's "@", that starts an entry.
      const next = source.slice(at + 1).search(/\n\s*@/);
      pos = next < 0 ? source.length : at + 1 + next + 1;
    }
  }
  return { entries, warnings };
}

/**
 * "Knuth, Donald E. and {World Health Organization} and Jane van Doe" → ["Donald E. Knuth", "World Health
 * Organization", "Jane van Doe"].
 */
export function bibNames(field: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  const words = field.split(/(\s+)/);
  for (const word of words) {
    for (const c of word) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth === 0 && word.toLowerCase() === 'and') {
      names.push(current);
      current = '';
    } else current += word;
  }
  names.push(current);
  return names
    .map((n) => n.trim())
    .filter((n) => n !== '' && n.toLowerCase() !== 'others')
    .map((n) => {
      const protectedWhole = /^\{[^{}]*\}$/.test(n);
      if (protectedWhole) return latexToUnicode(n);
      const parts = n.split(',').map((p) => p.trim());
      // "von Last, Jr, First" and "Last, First" → "First von Last"
      const ordered = parts.length >= 2 ? `${parts.at(-1)} ${parts[0]}${parts.length === 3 ? `, ${parts[1]}` : ''}` : n;
      return latexToUnicode(ordered);
    });
}

export function bibtexRecords(source: string): { records: MetadataRecord[]; warnings: string[] } {
  const { entries, warnings } = parseBibtex(source);
  const records = entries.map((e): MetadataRecord => {
    const f = e.fields;
    const doi = normalizeDoi(f.doi ?? f.url ?? null);
    const placed = bibtexPlacement(e.type, f);
    return {
      key: e.key,
      title: f.title === undefined ? null : latexToUnicode(f.title),
      authors: f.author === undefined ? [] : bibNames(f.author),
      year: parseYear(f.year ?? f.date),
      venue: placed.venue === null ? null : latexToUnicode(placed.venue),
      itemType: placed.itemType,
      doi,
      abstract: f.abstract === undefined ? null : latexToUnicode(f.abstract),
      collections: [],
      attachments: [],
    };
  });
  return { records, warnings };
}
