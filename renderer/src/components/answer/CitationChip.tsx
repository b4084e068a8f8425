import { useId, useLayoutEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { AnswerPassage, Citation } from '../../../../electron/contract/ops/ask.js';
import { FROM_ANSWER, readerPath } from '../../lib/readerLink.js';
import { OFF_QUESTION_MARK, STATUS_LABEL, STATUS_MARK, type ChipStatus } from './answerSegments.js';
import { excerpt } from './excerpt.js';
import './answer.css';

interface Props {
  n: number;
  status: ChipStatus;
  citation: Citation | null;
  passage: AnswerPassage | undefined;
  /** Found by the core for a sentence that cites nothing, not written by the answer. */
  attributed?: boolean;
}

/** Where a chip leads: the cited page with the quoted words (or, failing that, the passage) highlighted. */
export function citationTarget(citation: Citation | null, passage: AnswerPassage | undefined): string | null {
  const paperId = citation?.paperId ?? passage?.paperId ?? null;
  if (paperId === null) return null;
  const cited = citation !== null && citation.highlight.length > 0;
  const boxes = cited ? citation.highlight : (passage?.boxes ?? []);
  return readerPath(paperId, citation?.page ?? passage?.page ?? null, boxes, cited ? citation.quote : '');
}

/**
 * [n] in an answer. Hover or focus shows the paper, page and passage with
 * the quoted words marked; click (or `o` while focused) opens the Reader there.
 */
export function CitationChip({ n, status, citation, passage, attributed = false }: Props) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const tipId = useId();
  const target = citationTarget(citation, passage);
  const title = citation?.title ?? passage?.title ?? null;
  const page = citation?.page ?? passage?.page ?? null;
  const shown =
    passage === undefined ? null : excerpt(passage.text, citation?.quoteStart ?? null, citation?.quoteEnd ?? null);
  // Apart from the status (were the words found): does the passage bear on the question at all?
  const bearing = status === 'pending' ? undefined : citation?.bearsOnQuestion;
  const tip = useRef<HTMLSpanElement>(null);
  // Keep the card inside the window: flip it to the chip's right edge when it would overflow.
  useLayoutEffect(() => {
    const el = tip.current;
    if (el !== null && el.getBoundingClientRect().right > window.innerWidth - 8) el.classList.add('align-end');
  }, [open]);
  const where =
    status === 'pending'
      ? 'being checked'
      : title === null
        ? 'no passage'
        : `${title}${page === null ? '' : `, page ${page}`}`;

  return (
    <span className="cite" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        className={`cite-chip status-${status}${attributed ? ' attributed' : ''}`}
        data-status={status}
        data-n={n}
        data-target={target ?? undefined}
        data-bears={bearing === undefined ? undefined : String(bearing)}
        data-attributed={attributed ? 'true' : undefined}
        aria-label={
          status === 'pending'
            ? `Citation ${n}, ${where}`
            : `${attributed ? 'Attributed to passage' : 'Citation'} ${n}, ${status}${bearing === false ? ', passage off the question' : ''}: ${where}`
        }
        aria-describedby={open ? tipId : undefined}
        aria-disabled={target === null}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          } else if (e.key === 'o' && target !== null) navigate(target, { state: FROM_ANSWER });
        }}
        onClick={() => target !== null && navigate(target, { state: FROM_ANSWER })}
      >
        {attributed && <span aria-hidden="true">→</span>}
        {n}
        <span aria-hidden="true" className="cite-mark">
          {STATUS_MARK[status]}
          {bearing === false && OFF_QUESTION_MARK}
        </span>
      </button>
      {open && (
        <span ref={tip} role="tooltip" id={tipId} className="cite-tip">
          <span className="cite-tip-head">
            <strong>[{n}]</strong> {where}
          </span>
          <span className={`cite-tip-status status-${status}`}>{STATUS_LABEL[status]}</span>
          {bearing !== undefined && (
            <span className="cite-tip-bearing">
              {bearing
                ? 'The passage bears on the question.'
                : 'The passage does not bear on the question: its words were found, but it is not an answer.'}
            </span>
          )}
          {shown !== null && (
            <span className="cite-tip-text">
              {shown.before}
              {shown.quote !== '' && <mark>{shown.quote}</mark>}
              {shown.after}
            </span>
          )}
          {target !== null && <span className="cite-tip-hint">Click or press o to open in the Reader.</span>}
        </span>
      )}
    </span>
  );
}
