import { ScholiumError, type ApiError, type Result } from '../contract/index.js';
import { toApiError } from '../core/index.js';

export interface OutputOptions {
  json: boolean;
}

/** Machine output is one JSON document on stdout; human output is text. */
export function printValue<T>(options: OutputOptions, value: T, human: (value: T) => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human(value)}\n`);
}

/** Prints the error in the chosen format and sets a non-zero exit code. */
export function printError(options: OutputOptions, error: ApiError): void {
  if (options.json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  else process.stderr.write(`scholium: ${error.message}\n`);
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
