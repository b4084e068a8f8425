import type { PageViewport, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from './layout.js';

type TextContent = Awaited<ReturnType<PDFPageProxy['getTextContent']>>;
type PdfTextItem = Extract<TextContent['items'][number], { str: string }>;
type Matrix = [number, number, number, number, number, number];

function multiply(m: readonly number[], n: readonly number[]): Matrix {
  return [
    m[0]! * n[0]! + m[2]! * n[1]!,
    m[1]! * n[0]! + m[3]! * n[1]!,
    m[0]! * n[2]! + m[2]! * n[3]!,
    m[1]! * n[2]! + m[3]! * n[3]!,
    m[0]! * n[4]! + m[2]! * n[5]! + m[4]!,
    m[1]! * n[4]! + m[3]! * n[5]! + m[5]!,
  ];
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * pdf.js text items as boxes in top-left page coordinates. Rotated and
 * vertical text (arXiv side stamps, axis labels) is left out: it is not part
 * of the reading flow.
 */
export function pdfItems(content: TextContent, viewport: PageViewport): TextItem[] {
  const items: TextItem[] = [];
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = raw as PdfTextItem;
    if (item.str.trim() === '') continue;
    const [a, b, c, d, e, f] = multiply(viewport.transform, item.transform as number[]);
    const size = Math.hypot(c, d);
    if (size < 1 || a <= 0 || Math.abs(b) > a * 0.05 || Math.abs(c) > Math.abs(d) * 0.05) continue;
    const style = content.styles[item.fontName];
    const ascent = clamp(style?.ascent || 0.8, 0.5, 1.1);
    const descent = clamp(style?.descent || -0.2, -0.5, 0);
    // Clipped to the page: text running off its edge (wide code output) is cut there when drawn too.
    const x1 = Math.min(e + Math.max(item.width * viewport.scale, 0), viewport.width);
    if (x1 < 0 || e > viewport.width || f < 0 || f > viewport.height + size) continue;
    items.push({ str: item.str, x0: Math.max(e, 0), x1, top: f - ascent * size, bottom: f - descent * size, size });
  }
  return items;
}

/**
 * Text set sideways in the page's margins, one string per run: arXiv's stamp ("arXiv:2203.00130v1 [cs.HC] 28 Feb
 * 2022") names a preprint and its date. Axis labels and other short runs are left out.
 */
export function sidewaysText(content: TextContent, viewport: PageViewport): string[] {
  const runs: string[] = [];
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const [a, b] = multiply(viewport.transform, raw.transform as number[]);
    if (Math.abs(a) > Math.abs(b) * 0.05 || raw.str.trim().length < 12) continue;
    runs.push(raw.str.trim());
  }
  return runs;
}
