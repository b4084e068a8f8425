import { describe, expect, it } from 'vitest';
import { droppedFiles, type DropEntry } from '../../../renderer/src/features/library/droppedFiles.js';

const file = (name: string): DropEntry => ({
  isFile: true,
  isDirectory: false,
  name,
  file: (ok) => ok(new File([name], name)),
});

/** A folder whose reader hands its entries over two at a time, as browsers do in batches. */
function folder(name: string, entries: DropEntry[]): DropEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok) => {
          ok(entries.slice(at, at + 2));
          at += 2;
        },
      };
    },
  };
}

describe('dropped folders', () => {
  it('are walked recursively, across reader batches, leaving hidden entries out', async () => {
    const drop = [
      file('loose.pdf'),
      folder('Papers', [
        file('a.pdf'),
        file('.DS_Store'),
        file('b.md'),
        folder('2024', [file('c.pdf')]),
        folder('.git', [file('config')]),
      ]),
    ];
    expect((await droppedFiles(drop)).map((f) => f.name)).toEqual(['loose.pdf', 'a.pdf', 'b.md', 'c.pdf']);
  });

  it('report a folder that cannot be read as a failure, not as an empty drop', async () => {
    const broken: DropEntry = {
      isFile: false,
      isDirectory: true,
      name: 'locked',
      createReader: () => ({ readEntries: (_ok, fail) => fail(new Error('NotReadableError')) }),
    };
    await expect(droppedFiles([broken])).rejects.toThrow('NotReadableError');
  });
});
