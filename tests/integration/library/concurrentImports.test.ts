import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';
import { repoRoot, startCli, withDatabase } from './cliProcess.js';

const scifact = path.resolve(repoRoot, '../shared/datasets/scifact/corpus.jsonl');

interface ImportReport {
  imported: unknown[];
  failed: Array<{ error: string }>;
}

describe('two imports into one library at once', () => {
  it.skipIf(!fs.existsSync(scifact))(
    'both finish with every document, from a library neither had created yet (two rounds)',
    async () => {
      const lines = fs.readFileSync(scifact, 'utf8').split('\n');
      const files = [0, 1].map((i) => {
        const file = path.join(tempDir(), `part${i}.jsonl`);
        fs.writeFileSync(file, lines.slice(i * 150, (i + 1) * 150).join('\n'));
        return file;
      });
      for (let round = 0; round < 2; round += 1) {
        const dir = tempDir();
        const runs = await Promise.all(files.map((f) => startCli(dir, ['--json', 'import', f]).done));
        for (const r of runs) {
          expect(r.code, r.stderr).toBe(0);
          const report = JSON.parse(r.stdout) as ImportReport;
          expect(report.failed, `round ${round}`).toEqual([]);
          expect(report.imported).toHaveLength(150);
        }
        expect(withDatabase(dir, (db) => db.prepare('SELECT count(*) AS n FROM papers').get())).toEqual({ n: 300 });
      }
    },
    90_000,
  );
});
