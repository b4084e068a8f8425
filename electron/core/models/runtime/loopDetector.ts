/** Words of a span, lower case, citation markers and punctuation dropped: what "the same sentence" compares. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\[[\d\s,;\-–]*\]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Sentences shorter than this may recur in ordinary prose ("See [2]."). */
const MIN_SENTENCE_WORDS = 4;
/** A run this long written a second time is a loop even without a sentence end (a list or a clause going round). */
const RUN_WORDS = 14;

/**
 * Watches a generated text as it grows and says where it started repeating itself: a finished sentence that
 * repeats an earlier one word for word, or a run of RUN_WORDS words written before. The answer is cut there.
 */
export class LoopDetector {
  private text = '';
  private sentenceStart = 0;
  private readonly sentences = new Set<string>();

  /** Feeds the next chunk; returns the offset to cut the text at when it now repeats itself, else null. */
  push(chunk: string): number | null {
    this.text += chunk;
    const ends = /[.!?](?=\s)|\n/g;
    ends.lastIndex = this.sentenceStart;
    for (let m = ends.exec(this.text); m !== null; m = ends.exec(this.text)) {
      const start = this.sentenceStart;
      this.sentenceStart = m.index + 1;
      const key = words(this.text.slice(start, this.sentenceStart)).join(' ');
      if (key.split(' ').length < MIN_SENTENCE_WORDS) continue;
      if (this.sentences.has(key)) return start;
      this.sentences.add(key);
    }
    return this.repeatedRun();
  }

  /** Where the last RUN_WORDS words begin when the same run occurs earlier in the text, else null. */
  private repeatedRun(): number | null {
    const all = [...this.text.matchAll(/[\p{L}\p{N}]+/gu)];
    if (all.length < 2 * RUN_WORDS) return null;
    const tail = all.slice(-RUN_WORDS).map((m) => m[0].toLowerCase());
    const key = tail.join(' ');
    for (let i = 0; i + RUN_WORDS <= all.length - RUN_WORDS; i += 1) {
      if (all[i]![0].toLowerCase() !== tail[0]) continue;
      if (
        all
          .slice(i, i + RUN_WORDS)
          .map((m) => m[0].toLowerCase())
          .join(' ') === key
      )
        return all[all.length - RUN_WORDS]!.index;
    }
    return null;
  }
}
