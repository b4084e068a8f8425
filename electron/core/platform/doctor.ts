import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { DoctorReport } from '../../contract/index.js';
import { physicalCoreCount } from './cpus.js';

const require = createRequire(import.meta.url);

/** Reads a dependency's version from the package.json above its entry point (exports hide package.json). */
function packageVersion(name: string): string | null {
  try {
    let dir = path.dirname(require.resolve(name));
    while (path.basename(dir) !== name && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files += 1;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

async function probeLlama(): Promise<DoctorReport['llama']> {
  try {
    const { getLlama } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu: 'auto', build: 'never', progressLogs: false, logLevel: 'error' as never });
    const gpu = llama.gpu === false ? null : llama.gpu;
    const devices = gpu === null ? [] : await llama.getGpuDeviceNames();
    const backend = gpu === null ? 'cpu' : gpu;
    await llama.dispose();
    return {
      loaded: true,
      backend,
      gpu,
      gpuDevices: devices,
      detail: `node-llama-cpp ${packageVersion('node-llama-cpp') ?? '?'}, prebuilt binary`,
    };
  } catch (error) {
    return {
      loaded: false,
      backend: 'none',
      gpu: null,
      gpuDevices: [],
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The model servers the user configured, as the models concern checks them (platform/ does not reach into models/). */
export type ServerCheck = () => Promise<DoctorReport['servers']>;

export async function runDoctor(
  db: Database.Database,
  libraryDir: string,
  servers: ServerCheck = async () => [],
): Promise<DoctorReport> {
  const sqliteVersion = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  let vec: string | null = null;
  try {
    vec = (db.prepare('select vec_version() as v').get() as { v: string }).v;
  } catch {
    vec = null;
  }
  const fts5 = (db.prepare(`select sqlite_compileoption_used('ENABLE_FTS5') as f`).get() as { f: number }).f === 1;
  let writable = true;
  try {
    fs.accessSync(libraryDir, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: { logical: os.cpus().length, physical: physicalCoreCount() },
    nativeModules: [
      {
        name: 'better-sqlite3',
        loaded: true,
        version: packageVersion('better-sqlite3'),
        detail: `SQLite ${sqliteVersion}`,
      },
      {
        name: 'sqlite-vec',
        loaded: vec !== null,
        version: packageVersion('sqlite-vec'),
        detail: vec === null ? 'extension failed to load' : `vec_version() ${vec}`,
      },
    ],
    sqlite: { version: sqliteVersion, vec, fts5 },
    llama: await probeLlama(),
    library: { dir: libraryDir, ...folderSize(libraryDir), writable },
    servers: await servers(),
  };
}
