import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

/** Every module reachable from an entry through relative imports, with the bare specifiers each one imports. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const bare: string[] = [];
    seen.set(file, bare);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (spec === undefined) continue;
      if (spec.startsWith('.')) {
        const resolved = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (fs.existsSync(resolved)) visit(resolved);
        else if (fs.existsSync(path.join(resolved, 'index.ts'))) visit(path.join(resolved, 'index.ts'));
      } else bare.push(spec);
    }
  };
  visit(entry);
  return seen;
}

describe('the core never depends on Electron', () => {
  const entries = [
    'electron/core/index.ts',
    'electron/host/server.ts',
    'electron/cli/index.ts',
    'electron/core/processEntry.ts',
  ];

  for (const entry of entries) {
    it(`nothing reachable from ${entry} imports electron or the Electron shell`, () => {
      const graph = importGraph(path.join(root, entry));
      expect(graph.size).toBeGreaterThan(3);
      for (const [file, bare] of graph) {
        const rel = path.relative(root, file);
        expect(rel.startsWith(path.join('electron', 'main')), `${rel} is Electron shell code`).toBe(false);
        expect(rel.startsWith(path.join('electron', 'preload')), `${rel} is Electron shell code`).toBe(false);
        for (const spec of bare)
          expect(spec === 'electron' || spec.startsWith('electron/'), `${rel} imports ${spec}`).toBe(false);
      }
    });
  }

  it('the scanner does see an electron import when there is one', () => {
    const graph = importGraph(path.join(root, 'electron/main/index.ts'));
    const all = [...graph.values()].flat();
    expect(all).toContain('electron');
  });
});
