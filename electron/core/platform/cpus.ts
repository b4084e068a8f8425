import fs from 'node:fs';
import os from 'node:os';

/**
 * Physical cores, not hyper-threads: llama.cpp slows down badly when its
 * threads outnumber physical cores (measured ~250x on this 2-core machine).
 */
export function physicalCoreCount(): number {
  const logical = Math.max(1, os.cpus().length);
  if (process.platform !== 'linux') return logical;
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    let physicalId = '0';
    for (const line of info.split('\n')) {
      const [key, value] = line.split(':').map((s) => s.trim());
      if (key === 'physical id' && value !== undefined) physicalId = value;
      if (key === 'core id' && value !== undefined) cores.add(`${physicalId}:${value}`);
    }
    return cores.size > 0 ? Math.min(cores.size, logical) : logical;
  } catch {
    return logical;
  }
}
