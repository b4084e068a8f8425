import { ScholiumError, type ApiError, type Result } from '../contract/index.js';
import { toApiError } from '../core/index.js';

export interface OutputOptions {
  json: boolean;
}

// Control characters (C0 but tab and newline, DEL, C1) start terminal escape sequences that could retitle or clear the
// terminal; bidirectional overrides reorder what is shown. Papers' titles and file names come from untrusted files.
const ALL_CONTROL = /[\p{Cc}\p{Bidi_Control}]/gu;
const UNSAFE = /(?![\t\n])[\p{Cc}\p{Bidi_Control}]/gu;

function visible(char: string): string {
  const code = char.codePointAt(0)!;
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/** Text for a terminal: control characters are shown as escapes (\x1b), never sent; lines and tabs are kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** A value printed inside one line (a title, a file name): its newlines are shown as \n too. */
export function oneLine(text: string): string {
  return text.replace(ALL_CONTROL, visible);
}

/** Machine output is one JSON document on stdout; human output is text, safe for a terminal. */
export function printValue<T>(options: OutputOptions, value: T, human: (value: T) => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${terminalSafe(human(value))}\n`);
}

/** Prints the error in the chosen format and sets a non-zero exit code. */
export function printError(options: OutputOptions, error: ApiError): void {
  if (options.json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  else process.stderr.write(`scholium: ${terminalSafe(error.message)}\n`);
  process.exitCode = 1;
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ScholiumError(result.error.code, result.error.message);
}

export function errorOf(error: unknown): ApiError {
  return toApiError(error);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
