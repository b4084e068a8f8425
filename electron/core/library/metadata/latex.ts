/** Combining marks for LaTeX accent commands: \'e → é, \"{o} → ö, \c{c} → ç... */
const ACCENTS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
  d: '\u0323',
  b: '\u0331',
};

const SYMBOLS: Record<string, string> = {
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  o: 'ø',
  O: 'Ø',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  textendash: '–',
  textemdash: '—',
  textquoteright: '’',
  textquoteleft: '‘',
  ldots: '…',
  dots: '…',
  textregistered: '®',
  texttrademark: '™',
  copyright: '©',
  S: '§',
  P: '¶',
  '&': '&',
  '%': '%',
  $: '$',
  '#': '#',
  _: '_',
  '{': '{',
  '}': '}',
};

/**
 * Turns the LaTeX found in BibTeX field values into plain Unicode text:
 * accents and special letters, escaped characters, dashes and quotes,
 * formatting commands (\emph{x} → x) and the braces that protect case.
 * Math is kept as written, without its dollar signs.
 */
export function latexToUnicode(value: string): string {
  let text = value.replace(/(?<!\\)\$([^$]*?)(?<!\\)\$/g, '$1');
  // \'{e}, \'e, {\'e}, \"\i (a dotless i under an accent is just i)
  text = text.replace(
    /\\(['`^"~=.])\s*(?:\{\s*\\?([A-Za-z])\s*\}|\\?([A-Za-z]))/g,
    (_m, accent: string, a?: string, b?: string) => `${a ?? b}${ACCENTS[accent]}`,
  );
  text = text.replace(
    /\\([uvHckrdb])\s*\{\\?([A-Za-z])\}/g,
    (_m, accent: string, letter: string) => `${letter}${ACCENTS[accent]!}`,
  );
  text = text.replace(
    /\\([uvHckrdb]) ([A-Za-z])/g,
    (_m, accent: string, letter: string) => `${letter}${ACCENTS[accent]!}`,
  );
  text = text.replace(/\\([A-Za-z]+)(?![A-Za-z])\s?(\{\})?/g, (match, name: string) => SYMBOLS[name] ?? match);
  text = text.replace(/\\([&%$#_{}])/g, (_m, c: string) => c);
  // Formatting commands keep their argument: \emph{Deep} learning → Deep learning
  for (let i = 0; i < 5 && /\\[A-Za-z]+\s*\{/.test(text); i++) text = text.replace(/\\[A-Za-z]+\s*\{([^{}]*)\}/g, '$1');
  text = text.replace(/---/g, '—').replace(/--/g, '–').replace(/``|''/g, '"').replace(/~/g, '\u00A0');
  text = text.replace(/[{}]/g, '');
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
