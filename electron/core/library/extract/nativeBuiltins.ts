/**
 * The engine's own Array.prototype.push, JSON.stringify and JSON.parse, taken before pdf.js loads. pdf.js's legacy
 * build (the one that runs on Node 20) bundles core-js, which on Node 20's V8 replaces them with polyfills written in
 * JavaScript — for spec corners (pushing onto an array whose length is read-only, JSON's source-text access) that
 * neither pdf.js nor Scholium meets — and so slows every push of the whole thread: measured at ~8 % of extraction
 * time. Imported before pdf.js (see pdfjs.ts), it keeps them to put back.
 */
const native = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };

export function restoreNativeBuiltins(): void {
  Array.prototype.push = native.push;
  JSON.stringify = native.stringify;
  JSON.parse = native.parse;
}
