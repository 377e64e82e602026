// The Electron main process: windows, menus, dialogs, and a relay between the page and the engine.
// It holds no engine logic and never runs a query itself: the engine (LocalCaseApi) lives in a
// utility process (core/server/engine-host.ts) so that an import or a slow query never freezes a
// window. Security settings follow Electron's checklist; docs/electron-security.md maps each item
// to the lines here. Bundled to CommonJS by scripts/start.js (electron/dist/main.cjs).
import {
  app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, utilityProcess,
  type IpcMainInvokeEvent, type MenuItemConstructorOptions, type UtilityProcess, type WebContents,
} from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiError, CaseApi, CaseApiMethod, EngineEvent, ExportOptions, ExportResult } from '../core/api/types.ts';
import { checkCall, METHOD_ARITY } from '../core/server/methods.ts';
import { resolveStatic } from '../core/server/static.ts';
import { SECURITY_HEADERS, CONTENT_SECURITY_POLICY } from '../core/server/headers.ts';
import { APP_HOST, APP_SCHEME, APP_URL, isAppFrameUrl } from '../core/server/guard.ts';
import { defaultCaseDir, isCaseFile, openForUser } from '../core/server/cases.ts';
import type { HostMessage } from '../core/server/engine-host.ts';

// electron/dist/main.cjs → the repository (or the app.asar) root.
const ROOT = resolve(__dirname, '../..');
const RENDERER_DIST = join(ROOT, 'renderer/dist');
const ENGINE_HOST = join(ROOT, 'core/server/engine-host.ts');
const PRELOAD = join(__dirname, 'preload.cjs');
const CALL = 'crashlens:call';
const EVENT = 'crashlens:event';

// Must precede `ready`: app:// is a standard, secure origin, so 'self' in the CSP means our files
// and nothing else (file:// would let the page read any file on the disk).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();

// ---------------------------------------------------------------------------------------------
// The engine, in its own process. Requests carry an id; replies and progress events come back.

type Reply = { value: unknown } | { error: ApiError };

class Engine {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private pending = new Map<number, (r: Reply) => void>();
  constructor(private onEvent: (e: EngineEvent) => void) {}

  start(): void {
    // The engine is TypeScript run through tsx's loader, as the CLI runs it (no build step between
    // the sources and the app); its parse workers get the same loader.
    const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
    const child = utilityProcess.fork(ENGINE_HOST, [], {
      serviceName: 'Crashlens engine',
      execArgv: ['--import', tsx],
      env: { ...process.env, CRASHLENS_ENGINE_HOST: '1' },
      stdio: 'inherit',
    });
    child.on('message', (m: HostMessage) => {
      if ('event' in m) { this.onEvent(m.event); return; }
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m.reply as Reply);
    });
    child.on('exit', (code) => {
      for (const done of this.pending.values()) done({ error: { code: 'internal', message: `the engine process stopped (exit ${code}); reopen the case` } });
      this.pending.clear();
      this.child = null;
      if (!quitting) this.start(); // a crash in a parser must not leave the window without an engine
    });
    this.child = child;
  }

  call(method: CaseApiMethod, args: unknown[]): Promise<Reply> {
    if (!this.child) return Promise.resolve({ error: { code: 'busy', message: 'the engine is starting' } });
    const id = this.nextId++;
    return new Promise((done) => {
      this.pending.set(id, done);
      this.child!.postMessage({ id, method, args });
    });
  }

  /** The same engine as a CaseApi, for the menus (they use exactly what the page could use). */
  api(): CaseApi {
    const api = {} as Record<string, unknown>;
    for (const m of Object.keys(METHOD_ARITY) as CaseApiMethod[]) {
      api[m] = async (...args: unknown[]) => {
        const r = await this.call(m, args);
        if ('error' in r) throw Object.assign(new Error(r.error.message), { code: r.error.code });
        return r.value;
      };
    }
    return api as unknown as CaseApi;
  }

  stop(): void { this.child?.kill(); }
}

let quitting = false;
const windows = new Set<BrowserWindow>();
const broadcast = (e: EngineEvent) => { for (const w of windows) if (!w.isDestroyed()) w.webContents.send(EVENT, e); };
const engine = new Engine(broadcast);
const caseDir = () => { const d = defaultCaseDir(); mkdirSync(d, { recursive: true }); return d; };

// ---------------------------------------------------------------------------------------------
// IPC: one channel, one handler. The sender must be one of our windows showing our app:// page in
// its main frame; the call must pass the same allow-list and JSON checks as the HTTP server.

function fromOurWindow(e: IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame;
  const win = BrowserWindow.fromWebContents(e.sender);
  return !!frame && !!win && windows.has(win) && frame === e.sender.mainFrame && isAppFrameUrl(frame.url);
}

ipcMain.handle(CALL, async (e, method: unknown, args: unknown): Promise<Reply> => {
  if (!fromOurWindow(e)) return { error: { code: 'bad-request', message: 'refused: not the app\'s own page' } };
  const checked = checkCall(method, args);
  if (!checked.ok) return { error: checked.error };
  return engine.call(checked.method, checked.args);
});

// ---------------------------------------------------------------------------------------------
// Windows and web contents: locked down before anything loads.

function lockDown(contents: WebContents): void {
  // No navigation away from the app (a dropped file, a link in a log line, a redirect).
  const stay = (ev: { preventDefault(): void }, url: string) => { if (!isAppFrameUrl(url)) ev.preventDefault(); };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-frame-navigate', (ev) => { if (!isAppFrameUrl(ev.url)) ev.preventDefault(); });
  // No new windows, and never the system browser: nothing from a log is ever opened (no shell.openExternal).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
}

app.on('web-contents-created', (_e, contents) => lockDown(contents));

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    title: 'Crashlens',
    show: false,
    backgroundColor: '#111418',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}

// ---------------------------------------------------------------------------------------------
// Opening bundles and cases (menus, dialogs, the command line, the OS's open-file).

const recentFile = () => join(app.getPath('userData'), 'recent.json');
function recent(): string[] {
  try {
    const list = JSON.parse(readFileSync(recentFile(), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && existsSync(p)).slice(0, 10) : [];
  } catch { return []; }
}
function remember(path: string): void {
  const list = [path, ...recent().filter((p) => p !== path)].slice(0, 10);
  writeFileSync(recentFile(), JSON.stringify(list));
  app.addRecentDocument(path);
  buildMenu();
}

async function openPath(path: string): Promise<void> {
  try {
    const opened = await openForUser(engine.api(), resolve(path), caseDir());
    broadcast({ kind: 'case-changed', summary: opened.summary });
    remember(resolve(path));
  } catch (e) {
    dialog.showErrorBox('Crashlens could not open it', `${path}\n\n${e instanceof Error ? e.message : String(e)}`);
  }
}

async function openBundleDialog(): Promise<void> {
  const r = await dialog.showOpenDialog({
    title: 'Open bundle',
    message: 'A sosreport, must-gather, /var/log tarball, a directory or a log file',
    properties: ['openFile', 'openDirectory', 'multiSelections'],
  });
  for (const p of r.filePaths) await openPath(p);
}

async function openCaseDialog(): Promise<void> {
  const r = await dialog.showOpenDialog({ title: 'Open case', defaultPath: caseDir(), properties: ['openFile'], filters: [{ name: 'Crashlens case', extensions: ['crashlens', 'db', 'sqlite'] }] });
  const p = r.filePaths[0];
  if (!p) return;
  if (!isCaseFile(p)) { dialog.showErrorBox('Not a case file', `${p} is not a Crashlens case (SQLite) file.`); return; }
  await openPath(p);
}

async function exportReport(format: ExportOptions['format']): Promise<void> {
  try {
    const result = (await engine.api().exportReport({ format })) as ExportResult;
    const r = await dialog.showSaveDialog({ title: 'Export report', defaultPath: join(app.getPath('documents'), basename(result.fileName)) });
    if (r.canceled || !r.filePath) return;
    writeFileSync(r.filePath, result.encoding === 'base64' ? Buffer.from(result.content, 'base64') : result.content);
  } catch (e) {
    dialog.showErrorBox('Export failed', e instanceof Error ? e.message : String(e));
  }
}

function buildMenu(): void {
  const recentItems: MenuItemConstructorOptions[] = recent().map((p) => ({ label: p, click: () => void openPath(p) }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Bundle…', accelerator: 'CmdOrCtrl+O', click: () => void openBundleDialog() },
        { label: 'Open Case…', accelerator: 'CmdOrCtrl+Shift+O', click: () => void openCaseDialog() },
        { label: 'Open Recent', submenu: recentItems.length ? recentItems : [{ label: 'No recent bundles or cases', enabled: false }] },
        { type: 'separator' },
        {
          label: 'Export…',
          submenu: [
            { label: 'Markdown report', click: () => void exportReport('md') },
            { label: 'HTML report', click: () => void exportReport('html') },
            { label: 'JSON', click: () => void exportReport('json') },
            { label: 'Timeline PNG', click: () => void exportReport('png') },
          ],
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Paths on a command line: `crashlens-app bundle.tar.xz`, `electron main.cjs case.crashlens`. */
function pathsIn(argv: string[]): string[] {
  return argv.slice(1).filter((a) => !a.startsWith('-') && !a.endsWith('.cjs') && !a.endsWith('.js') && a !== '.' && existsSync(a));
}

// ---------------------------------------------------------------------------------------------
// Start-up.

// A second launch (a bundle double-clicked while the app runs) hands its paths to the first one.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();
app.on('second-instance', (_e, argv) => {
  const w = [...windows][0];
  if (w) { if (w.isMinimized()) w.restore(); w.focus(); }
  for (const p of pathsIn(argv)) void openPath(p);
});
const pendingOpen: string[] = [];
app.on('open-file', (e, path) => { e.preventDefault(); if (app.isReady()) void openPath(path); else pendingOpen.push(path); });
app.on('before-quit', () => { quitting = true; engine.stop(); });
app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });

void app.whenReady().then(async () => {
  if (!primary) return;
  // Our files only, read through the same resolver as browser mode (no path leaves renderer/dist).
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    const file = url.host === APP_HOST ? resolveStatic(RENDERER_DIST, url.pathname) : null;
    if (!file || !existsSync(file)) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    const res = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  });
  // The CSP on every response the session sees too, in case anything is ever loaded another way.
  session.defaultSession.webRequest.onHeadersReceived((details, done) => {
    done({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Camera, notifications, geolocation, clipboard reads, USB, HID…: an analyzer needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, done) => done(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);

  engine.start();
  buildMenu();
  createWindow();
  const toOpen = [...pendingOpen, ...pathsIn(process.argv)];
  if (toOpen.length) for (const p of toOpen) await openPath(p);
  else await openForUser(engine.api(), null, caseDir()).then((o) => broadcast({ kind: 'case-changed', summary: o.summary })).catch(() => {});
  app.on('activate', () => { if (windows.size === 0) createWindow(); });
});
