import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { startHost } from '../../../electron/host/server.js';
import { rendererDir } from '../../../native/appPaths.js';
import { tempDir } from '../../helpers/tempLibrary.js';

describe('host shutdown', () => {
  it('closes at once even while a browser holds a connection open that has sent nothing yet', async () => {
    const core = Core.open({ libraryDir: tempDir(), mode: 'host' });
    const host = await startHost({ core, staticDir: rendererDir() });
    // What Chromium's preconnect leaves: a connected socket with no request on it.
    const socket = net.connect(host.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    await host.close();
    expect(Date.now() - started).toBeLessThan(2000);
    socket.destroy();
    await core.close();
  });
});
