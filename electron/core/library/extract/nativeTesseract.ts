import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { parseHocr } from './hocr.js';
import type { OcrEngine, PageImage, Recognition } from './ocrEngine.js';

const run = promisify(execFile);

/**
 * The installed `tesseract` (Debian's tesseract-ocr, Homebrew's, UB Mannheim's…) with its English data, or null when
 * there is none: then tesseract.js reads instead. Asked once per command name and thread.
 */
const found = new Map<string, Promise<NativeTesseract | null>>();

export function nativeTesseract(command = 'tesseract'): Promise<NativeTesseract | null> {
  let engine = found.get(command);
  if (engine === undefined) {
    engine = probe(command);
    found.set(command, engine);
  }
  return engine;
}

async function probe(command: string): Promise<NativeTesseract | null> {
  try {
    const [version, langs] = await Promise.all([
      run(command, ['--version'], { timeout: 10_000 }),
      run(command, ['--list-langs'], { timeout: 10_000 }),
    ]);
    if (!/^eng$/m.test(langs.stdout)) return null;
    const number = /tesseract v?(\d+(?:\.\d+)*)/i.exec(`${version.stdout}${version.stderr}`)?.[1];
    // The LSTM engine and hOCR's x_size came with Tesseract 4.
    if (number === undefined || Number(number.split('.')[0]) < 4) return null;
    return new NativeTesseract(command, `tesseract ${number}`);
  } catch {
    return null;
  }
}

/**
 * Reads a page with the native `tesseract`, one process per page, one thread each (its OpenMP threads would only
 * fight the other pages' processes and the extraction workers for the same cores): the image goes in on stdin as 8-bit
 * grey, hOCR comes back on stdout.
 */
export class NativeTesseract implements OcrEngine {
  readonly imageFormat = 'pgm';
  readonly parallel = true;

  constructor(
    private readonly command: string,
    readonly name: string,
  ) {}

  recognize(image: PageImage): Promise<Recognition> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, ['stdin', 'stdout', '-l', 'eng', '--dpi', String(image.dpi), 'hocr'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (err = `${err}${chunk.toString()}`.slice(-2000)));
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve(parseHocr(Buffer.concat(out).toString('utf8')));
        else
          reject(new Error(`tesseract failed (${signal ?? `exit ${code}`}): ${err.trim().split('\n').at(-1) ?? ''}`));
      });
      // A tesseract that dies before reading its input closes the pipe; its exit says why.
      child.stdin.once('error', () => undefined);
      child.stdin.end(image.data);
    });
  }

  async close(): Promise<void> {
    // One process per page: nothing is left running between pages.
  }
}
