import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version in package.json, found from the compiled or the source tree alike. */
export function appVersion(): string {
  for (const candidate of ['../../../package.json', '../../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'scholium' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next level up
    }
  }
  return '0.0.0';
}
