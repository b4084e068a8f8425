import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** A directory inside an installed package, with the trailing slash pdf.js expects of its asset URLs. */
function packageDir(pkg: string, sub: string): string {
  return `${path.join(path.dirname(require.resolve(`${pkg}/package.json`)), sub)}${path.sep}`;
}

/**
 * Everything pdf.js and Tesseract load at run time, taken from node_modules so
 * extraction never reaches for the network (pdf.js and tesseract.js both
 * default to CDNs when these are not given).
 */
export const pdfAssets = {
  standardFontDataUrl: packageDir('pdfjs-dist', 'standard_fonts'),
  cMapUrl: packageDir('pdfjs-dist', 'cmaps'),
  wasmUrl: packageDir('pdfjs-dist', 'wasm'),
  iccUrl: packageDir('pdfjs-dist', 'iccs'),
};

/** The folder holding eng.traineddata.gz in @tesseract.js-data/eng (its index.js names it). */
export function tesseractLangPath(): string {
  return (require('@tesseract.js-data/eng') as { langPath: string }).langPath;
}
