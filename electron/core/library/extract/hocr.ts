import type { Recognition, RecognizedLine } from './ocrEngine.js';

/** A line of any kind Tesseract writes: ordinary, caption, header, or text floating beside a figure. */
const LINE = /^ocr_(line|caption|header|textfloat)$/;
/** Each span's class and title (bbox, x_size, x_wconf…), in document order. */
const SPAN = /<span class='([a-z_]+)'[^>]*?title=(["'])(.*?)\2>([^<]*)/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function field(title: string, name: string): number[] | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s+([-\\d.\\s]+)`).exec(title);
  return match === null ? null : match[1]!.trim().split(/\s+/).map(Number);
}

/**
 * The lines and words of Tesseract's hOCR output (`tesseract … hocr`). A line's confidence is its words' mean, as
 * tesseract.js reports it; a line without words is left out.
 */
export function parseHocr(hocr: string): Recognition {
  const lines: RecognizedLine[] = [];
  let line: RecognizedLine | null = null;
  let sum = 0;
  let count = 0;
  for (const [, kind, , title, content] of hocr.matchAll(SPAN)) {
    const box = field(title!, 'bbox');
    if (box === null || box.length < 4) continue;
    if (LINE.test(kind!)) {
      line = {
        words: [],
        top: box[1]!,
        bottom: box[3]!,
        rowHeight: field(title!, 'x_size')?.[0] ?? null,
        confidence: 0,
      };
      lines.push(line);
    } else if (kind === 'ocrx_word' && line !== null) {
      const text = decode(content!.trim());
      if (text === '') continue;
      const confidence = field(title!, 'x_wconf')?.[0] ?? 0;
      line.words.push({ text, x0: box[0]!, x1: box[2]!, confidence });
      sum += confidence;
      count += 1;
    }
  }
  const withWords = lines.filter((l) => l.words.length > 0);
  for (const l of withWords) l.confidence = l.words.reduce((s, w) => s + w.confidence, 0) / l.words.length;
  return { lines: withWords, confidence: count === 0 ? 0 : sum / count };
}
