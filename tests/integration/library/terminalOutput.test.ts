import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';
import { runCli } from './cliProcess.js';

// Titles and file names come from untrusted files: printed to a terminal they must not retitle or clear it (OSC,
// CSI) nor split a line.
const HOSTILE_TITLE = 'Pwned \u001b]0;owned\u0007\u001b[2J\u009b31m title';

describe('human output on a terminal', () => {
  it('shows control characters in titles and file names as escapes, one paper per line', async () => {
    const dir = tempDir();
    const docs = tempDir();
    fs.writeFileSync(path.join(docs, 'hostile.md'), `# ${HOSTILE_TITLE}\n\nThe loudness meter data were calibrated.\n`);
    fs.writeFileSync(path.join(docs, 'two\nlines.txt'), 'A note\n\nThe meter data were checked twice.\n');
    const imported = await runCli(dir, ['import', docs]);
    expect(imported.code, imported.stderr).toBe(0);

    const papers = await runCli(dir, ['papers']);
    expect(papers.code, papers.stderr).toBe(0);
    expect(papers.stdout).not.toMatch(/(?!\n)\p{Cc}/u);
    expect(papers.stdout).toContain('Pwned \\x1b]0;owned\\x07\\x1b[2J\\x9b31m title');
    expect(papers.stdout.trimEnd().split('\n')).toHaveLength(2);

    const search = await runCli(dir, ['search', '-data']);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).not.toMatch(/(?!\n)\p{Cc}/u);
    expect(search.stdout).toContain('\\x1b]0;owned');

    const blank = await runCli(dir, ['search', '   ']);
    expect(blank.code).toBe(1);
    expect(blank.stderr).toBe('scholium: The search query is empty: give some words.\n');
  });
});
