import type { DoctorReport } from '../../contract/index.js';
import { openCore } from '../../core/index.js';
import { formatBytes, printValue, unwrap, type OutputOptions } from '../output.js';

function human(r: DoctorReport): string {
  const mark = (okay: boolean): string => (okay ? 'ok  ' : 'FAIL');
  const lines = [
    `Node        ${r.node} (${r.platform}/${r.arch}), ${r.cpus.physical} physical / ${r.cpus.logical} logical cores`,
    ...r.nativeModules.map((m) => `${mark(m.loaded)} ${m.name.padEnd(15)} ${m.version ?? '?'}  ${m.detail}`),
    `${mark(r.sqlite.fts5)} FTS5            ${r.sqlite.fts5 ? 'available' : 'missing'}`,
    `${mark(r.llama.loaded)} node-llama-cpp  backend ${r.llama.backend}; GPU ${r.llama.gpu === null ? 'none found' : `${r.llama.gpu} (${r.llama.gpuDevices.join(', ') || 'unnamed'})`}; ${r.llama.detail}`,
    `${mark(r.library.writable)} library         ${r.library.dir}  ${formatBytes(r.library.bytes)} in ${r.library.files} files`,
    r.servers.length === 0
      ? 'network     offline: no model server configured, nothing beyond this computer is reached'
      : `network     reaches only these model servers: ${r.servers.map((s) => s.url).join(', ')}`,
    // An unreachable server is reported, not a failure of this installation.
    ...r.servers.map(
      (s) =>
        `${s.reachable ? 'ok  ' : 'down'} model server    ${s.url}  ${s.detail}${s.models.length > 0 ? `; registered: ${s.models.join(', ')}` : ''}`,
    ),
  ];
  return lines.join('\n');
}

export async function doctorCommand(libraryDir: string, options: OutputOptions): Promise<void> {
  const core = await openCore({ libraryDir, mode: 'cli' });
  try {
    const report = unwrap(await core.invoke('app.doctor', {}));
    printValue(options, report, human);
    const healthy =
      report.nativeModules.every((m) => m.loaded) &&
      report.sqlite.fts5 &&
      report.llama.loaded &&
      report.library.writable;
    if (!healthy) process.exitCode = 1;
  } finally {
    await core.close();
  }
}
