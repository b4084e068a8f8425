import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveUnpacked } from '../../../native/unpacked.js';

describe('native binaries inside a packaged app', () => {
  it('maps a path inside app.asar to app.asar.unpacked', () => {
    const inside = path.join('/opt/Scholium/resources/app.asar/node_modules/sqlite-vec-linux-x64/vec0.so');
    expect(resolveUnpacked(inside)).toBe(
      path.join('/opt/Scholium/resources/app.asar.unpacked/node_modules/sqlite-vec-linux-x64/vec0.so'),
    );
  });
  it('leaves other paths alone, including look-alike folder names', () => {
    const dev = path.join('/home/me/scholium/node_modules/sqlite-vec-linux-x64/vec0.so');
    expect(resolveUnpacked(dev)).toBe(dev);
    const lookalike = path.join('/data/app.asar.backup/x.node');
    expect(resolveUnpacked(lookalike)).toBe(lookalike);
  });
});
