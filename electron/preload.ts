// The preload: the only bridge between the sandboxed page and the main process. It exposes exactly
// three functions on `window.crashlens` (CrashlensBridge in renderer/src/api/client.ts) and nothing
// of Node or Electron: the page never gets ipcRenderer itself, so it can only send the one channel
// the main process checks (electron/main.ts validates the sender, the method and the arguments).
// Sandboxed preloads cannot import our modules: this file uses `electron` only and is bundled to
// one CommonJS file (scripts/start.js).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { EngineEvent } from '../core/api/types.ts';

const CALL = 'crashlens:call';
const EVENT = 'crashlens:event';

contextBridge.exposeInMainWorld('crashlens', {
  call: (method: string, args: unknown[]) => ipcRenderer.invoke(CALL, String(method), Array.isArray(args) ? args : []),
  subscribe: (listener: (e: EngineEvent) => void) => {
    // The IpcRendererEvent is dropped: it carries `sender`, which would hand the page ipcRenderer.
    const relay = (_e: Electron.IpcRendererEvent, event: EngineEvent) => listener(event);
    ipcRenderer.on(EVENT, relay);
    return () => { ipcRenderer.removeListener(EVENT, relay); };
  },
  // A dropped File's real path: since Electron 32 only webUtils may tell it (File.path is gone).
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
