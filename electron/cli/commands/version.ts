import { appVersion } from '../../core/index.js';
import { printValue, type OutputOptions } from '../output.js';

export function versionCommand(options: OutputOptions): void {
  const value = { name: 'scholium', version: appVersion(), node: process.version };
  printValue(options, value, (v) => `scholium ${v.version} (Node ${v.node})`);
}
