// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by
// item, checked against the code that does it (the binary cannot run here, so the settings are
// checked in the sources; docs/electron-security.md explains each). Plus the pure helpers the IPC
// gate uses.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_URL, isAppFrameUrl } from '../core/server/guard.ts';
import { checkCall } from '../core/server/methods.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = readFileSync(join(root, 'electron/main.ts'), 'utf8');
const preload = readFileSync(join(root, 'electron/preload.ts'), 'utf8');
const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
// Comments say why; only the code counts.
const code = (s: string) => s.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');

const CHECKLIST: [string, () => void][] = [
  ['1. only secure content: the app loads its own app:// page, nothing over http(s)', () => {
    expect(code(main)).toMatch(/loadURL\(APP_URL\)/);
    expect(code(main)).not.toMatch(/loadURL\(\s*['"`]https?:/);
    expect(APP_URL.startsWith('app://')).toBe(true);
  }],
  ['2. no Node.js integration in the page', () => {
    expect(code(main)).toMatch(/nodeIntegration: false/);
    expect(code(main)).toMatch(/nodeIntegrationInWorker: false/);
    expect(code(main)).toMatch(/nodeIntegrationInSubFrames: false/);
  }],
  ['3. context isolation', () => expect(code(main)).toMatch(/contextIsolation: true/)],
  ['4. process sandboxing, for every renderer', () => {
    expect(code(main)).toMatch(/sandbox: true/);
    expect(code(main)).toMatch(/app\.enableSandbox\(\)/);
  }],
  ['5. permission requests denied', () => {
    expect(code(main)).toMatch(/setPermissionRequestHandler\(\(_wc, _perm, done\) => done\(false\)\)/);
    expect(code(main)).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
  }],
  ['6. webSecurity kept on', () => {
    expect(code(main)).toMatch(/webSecurity: true/);
    expect(code(main)).not.toMatch(/webSecurity: false/);
  }],
  ['7. a Content-Security-Policy on every response', () => {
    expect(code(main)).toMatch(/onHeadersReceived/);
    expect(code(main)).toMatch(/'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/);
    expect(code(main)).toMatch(/protocol\.handle\(APP_SCHEME/);
  }],
  ['8. no insecure content', () => expect(code(main)).toMatch(/allowRunningInsecureContent: false/)],
  ['9. no experimental features', () => expect(code(main)).toMatch(/experimentalFeatures: false/)],
  ['10. no enableBlinkFeatures', () => expect(code(main)).not.toMatch(/enableBlinkFeatures/)],
  ['11. no <webview>', () => {
    expect(code(main)).toMatch(/webviewTag: false/);
    expect(code(main)).toMatch(/will-attach-webview', \(ev\) => ev\.preventDefault\(\)/);
  }],
  ['12. navigation limited to the app', () => {
    expect(code(main)).toMatch(/'will-navigate', stay/);
    expect(code(main)).toMatch(/'will-redirect', stay/);
    expect(code(main)).toMatch(/navigateOnDragDrop: false/);
  }],
  ['13. no new windows', () => expect(code(main)).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/)],
  ['14. no shell.openExternal (nothing from a log is ever opened)', () => {
    expect(code(main) + code(preload)).not.toMatch(/\bshell\b|openExternal/);
  }],
  ['15. a current Electron', () => expect(Number(/\d+/.exec(pkg.devDependencies.electron ?? '')?.[0])).toBeGreaterThanOrEqual(38)],
  ['16. the sender of every IPC message validated', () => {
    expect(code(main)).toMatch(/if \(!fromOurWindow\(e\)\) return/);
    expect(code(main)).toMatch(/const checked = checkCall\(method, args\)/);
    expect(code(main).match(/ipcMain\.(handle|on)\(/g)).toHaveLength(1);
  }],
  ['17. no file:// pages: a custom privileged protocol', () => {
    expect(code(main)).toMatch(/registerSchemesAsPrivileged/);
    expect(code(main)).not.toMatch(/loadFile\(/);
  }],
  ['18. fuses set for the packaged app', () => {
    expect(builder).toMatch(/runAsNode: false/);
    expect(builder).toMatch(/enableNodeOptionsEnvironmentVariable: false/);
    expect(builder).toMatch(/onlyLoadAppFromAsar: true/);
  }],
  ['19. no Electron API exposed to the page: three functions, never ipcRenderer itself', () => {
    expect(code(preload).match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(code(preload)).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    expect(code(preload)).toMatch(/call: \(method: string, args: unknown\[\]\)/);
    expect(code(preload)).toMatch(/const relay = \(_e: Electron\.IpcRendererEvent, event: EngineEvent\) => listener\(event\)/);
  }],
];

describe('Electron security checklist', () => {
  for (const [item, check] of CHECKLIST) it(item, check);
});

describe('IPC gate helpers', () => {
  it('accepts only our own app:// frames', () => {
    expect(isAppFrameUrl('app://crashlens/index.html')).toBe(true);
    expect(isAppFrameUrl('app://crashlens/index.html#/timeline')).toBe(true);
    for (const bad of ['app://evil/index.html', 'https://crashlens/index.html', 'file:///work/main/renderer/dist/index.html', 'app://user:pw@crashlens/', 'app://crashlens:8080/', 'devtools://devtools/bundled/inspector.html', 'about:blank', '', null, undefined]) {
      expect(isAppFrameUrl(bad), String(bad)).toBe(false);
    }
  });

  it('refuses IPC calls the way the HTTP server does', () => {
    // structured clone carries more than JSON: these would pass IPC but must not reach the engine
    expect(checkCall('records', [{ from: new Date() }])).toMatchObject({ ok: false });
    expect(checkCall('records', [{ text: new Uint8Array(3) }])).toMatchObject({ ok: false });
    expect(checkCall('openCase', ['/tmp/x.crashlens', 'extra'])).toMatchObject({ ok: false });
    expect(checkCall('require', ['child_process'])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(checkCall('openCase', ['/tmp/x.crashlens'])).toMatchObject({ ok: true });
  });
});
