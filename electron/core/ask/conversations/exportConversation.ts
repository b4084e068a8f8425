import type { Answer } from '../../../contract/ops/ask.js';
import { bibtexEntries } from '../../library/metadata/bibtexExport.js';
import type { PaperReference } from '../../library/store/paperQueries.js';
import { parseCitations } from '../citations/citationParser.js';

/** The papers cited anywhere in the conversation, in order of first citation. */
function citedPapers(turns: readonly Answer[]): string[] {
  const order: string[] = [];
  for (const t of turns)
    for (const c of t.citations)
      if (c.paperId !== null && c.status !== 'invalid' && !order.includes(c.paperId)) order.push(c.paperId);
  return order;
}

/** BibTeX entries for every paper the conversation cites. */
export function conversationBibtex(
  turns: readonly Answer[],
  lookup: (paperId: string) => PaperReference | null,
): string {
  return bibtexEntries(
    citedPapers(turns)
      .map(lookup)
      .filter((r): r is PaperReference => r !== null),
  );
}

/** Ends a reference's part with one full stop: "et al." and an initial ("J.") already end with theirs. */
const withStop = (text: string): string => (text.endsWith('.') ? text : `${text}.`);

/** Why an answer's text is not all it would have been, by its stop reason. */
const INCOMPLETE: Record<string, string> = {
  aborted: 'Incomplete: the answer was stopped before it finished.',
  maxTokens: 'Incomplete: the answer reached its length limit.',
  contextFull: 'Incomplete: the answer filled the model’s context.',
  cutOff: 'Incomplete: the connection to the model server dropped before the answer finished.',
};

const STATUS_NOTE: Record<string, string> = {
  unsupported: ' (not supported by the cited passage)',
  invalid: ' (cites a passage that was not given)',
};

/**
 * Markdown with the answers' passage numbers rewritten to one reference list
 * for the whole conversation: [n] → [R] where R numbers papers and pages.
 */
export function conversationMarkdown(
  title: string,
  turns: readonly Answer[],
  lookup: (paperId: string) => PaperReference | null,
): string {
  const refs: string[] = [];
  const refIndex = new Map<string, number>();
  const lines = [`# ${title}`, ''];
  for (const turn of turns) {
    const byN = new Map(turn.passages.map((p) => [p.n, p]));
    const renumber = (n: number): string => {
      const p = byN.get(n);
      if (p === undefined) return `?${n}`;
      const key = `${p.paperId}#${p.page ?? ''}`;
      if (!refIndex.has(key)) {
        const ref = lookup(p.paperId);
        const authors =
          ref === null || ref.authors.length === 0
            ? ''
            : `${withStop(`${ref.authors.slice(0, 3).join(', ')}${ref.authors.length > 3 ? ' et al.' : ''}`)} `;
        refs.push(
          `${authors}*${p.title}*${p.year === null ? '' : ` (${p.year})`}${p.page === null ? '' : `, p. ${p.page}`}${ref?.doi ? `. doi:${ref.doi}` : ''}`,
        );
        refIndex.set(key, refs.length);
      }
      return String(refIndex.get(key));
    };
    let answer = '';
    let at = 0;
    for (const marker of parseCitations(turn.answer)) {
      answer += `${turn.answer.slice(at, marker.start)}[${marker.numbers.map(renumber).join(', ')}]`;
      at = marker.end;
    }
    answer += turn.answer.slice(at);
    lines.push(`## ${turn.question}`, '', answer, '');
    const incomplete = INCOMPLETE[turn.stopReason];
    if (incomplete !== undefined) lines.push(`> *${incomplete}*`, '');
    const flagged = turn.citations.filter((c) => c.status === 'unsupported' || c.status === 'invalid');
    for (const c of flagged) lines.push(`> Note: “${c.sentence}”${STATUS_NOTE[c.status]}.`, '');
    lines.push(
      `*${turn.model === null ? 'Extractive answer (no chat model)' : `Model: ${turn.model.name}`}${turn.adapters.map((a) => ` + ${a.name} ×${a.scale}`).join('')} · ${turn.createdAt}*`,
      '',
    );
  }
  if (refs.length > 0) lines.push('## References', '', ...refs.map((r, i) => `${i + 1}. ${r}`), '');
  return lines.join('\n');
}
