import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu } from 'electron';
import { IPC_EVENT, IPC_INVOKE, isOpName, type OpInput } from '../contract/index.js';
import { pdfFileOf, resolveLibraryDir } from '../core/index.js';
import { appRoot } from '../../native/appPaths.js';
import { CoreProcess } from './coreProcess.js';
import { handleAppProtocol, registerSchemePrivileges, type PaperFileLookup } from './protocol.js';
import { installSecurityGuards } from './security.js';
import { APP_HOST, APP_SCHEME, isAppUrl } from './navigationPolicy.js';

if (!app.requestSingleInstanceLock()) {
  process.stderr.write('Scholium is already running; switching to its window.\n');
  app.quit();
} else {
  const libraryFlag = app.commandLine.getSwitchValue('library');
  const libraryDir = resolveLibraryDir(libraryFlag === '' ? undefined : libraryFlag);
  let window: BrowserWindow | null = null;
  const core = new CoreProcess(libraryDir, (event) => window?.webContents.send(IPC_EVENT, event));

  registerSchemePrivileges();
  installSecurityGuards();

  // The paper's record comes from the core process; the file is picked by the same rule as the host's /files/ route.
  const paperFile: PaperFileLookup = async (paperId) => {
    const r = await core.invoke('library.paper', { paperId });
    if (!r.ok) return { problem: r.error.message };
    try {
      return { file: pdfFileOf(r.value) };
    } catch (error) {
      return { problem: (error as Error).message };
    }
  };

  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  ipcMain.handle(IPC_INVOKE, (event, op: unknown, payload: unknown) => {
    // Only our own page may call the core, and only named operations.
    if (event.senderFrame === null || !isAppUrl(event.senderFrame.url)) {
      return {
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Calls are accepted only from Scholium’s own window.' },
      };
    }
    if (!isOpName(op))
      return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation ${JSON.stringify(op)}.` } };
    // Relayed as it came: the core validates every payload against the contract.
    return core.invoke(op, payload as OpInput<typeof op>);
  });

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(null);
    handleAppProtocol(paperFile);
    core.start();
    window = new BrowserWindow({
      width: 1280,
      height: 820,
      title: 'Scholium',
      show: false,
      webPreferences: {
        preload: path.join(appRoot(), 'dist', 'electron', 'preload', 'index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        // Middle-click (auxclick) can open links in new windows; nothing here needs it.
        disableBlinkFeatures: 'Auxclick',
      },
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => (window = null));
    void window.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => core.stop());
}
