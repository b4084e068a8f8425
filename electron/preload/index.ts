import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT, IPC_INVOKE, isOpName, type ScholiumApi, type ScholiumEvent } from '../contract/index.js';

/**
 * window.scholium: exactly the contract's invoke and event stream. No raw
 * ipcRenderer and no channel other than the two named ones is exposed.
 */
const api: ScholiumApi = {
  invoke: (op, payload) => {
    if (!isOpName(op))
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation ${JSON.stringify(op)}.` },
      });
    return ipcRenderer.invoke(IPC_INVOKE, op, payload);
  },
  onEvent: (listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: ScholiumEvent): void => listener(payload);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.off(IPC_EVENT, wrapped);
  },
};

contextBridge.exposeInMainWorld('scholium', api);
