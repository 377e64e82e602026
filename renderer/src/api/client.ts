// The renderer's only way to the engine: a CaseApi whose every method is one generic
// `call(method, args)` over whichever transport this window was started with.
//   - Electron: the preload exposes `window.crashlens` (contextBridge); calls go over IPC.
//   - Browser mode (`crashlens serve`): POST /api/call/<method> with a JSON array of arguments,
//     and a server-sent-events stream GET /api/events for progress and case changes.
// No transport holds logic of its own: arguments go out as given, results come back as given.
import type { ApiError, CaseApi, CaseApiMethod, EngineEvent, ProgressStream } from '../../../core/api/types.ts';

export type CrashlensClient = CaseApi & ProgressStream & {
  /** Turns a file dropped on the window into a path the engine can read: in Electron the file's
   *  own path (webUtils), in browser mode the path of an upload stored in the case directory. */
  pathForDroppedFile?(file: File): Promise<string>;
  /** Which transport this client speaks ('ipc' | 'http'), for the status bar and the tests. */
  readonly transport: 'ipc' | 'http';
};

/** What electron/preload.ts exposes on `window.crashlens`. Results come wrapped, because an Error
 *  thrown across contextBridge loses everything but its message. */
export interface CrashlensBridge {
  call(method: string, args: unknown[]): Promise<{ value: unknown } | { error: ApiError }>;
  subscribe(listener: (e: EngineEvent) => void): () => void;
  pathForFile(file: File): string;
}

/** An engine error as the UI sees it: `code` says what kind (no-case, sql-error, …). */
export class CaseApiError extends Error {
  readonly code: ApiError['code'];
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'CaseApiError';
    this.code = error.code;
  }
}

// Every CaseApi method name. A Record over the interface's keys, so the compiler fails here when
// a method is added to or removed from CaseApi (the server keeps its own allow-list the same way).
const METHODS: Record<CaseApiMethod, true> = {
  createCase: true, openCase: true, closeCase: true, summary: true,
  importBundles: true, cancelImport: true,
  sources: true, setSourceZone: true, records: true, record: true, events: true, timeline: true,
  boots: true, spans: true, verdict: true, sql: true,
  annotations: true, annotate: true, updateAnnotation: true, deleteAnnotation: true, restoreAnnotation: true,
  savedViews: true, saveView: true, deleteView: true,
  exportReport: true,
  samples: true, openSample: true, submitTraining: true, trainingHistory: true,
};

interface Transport {
  kind: 'ipc' | 'http';
  call(method: CaseApiMethod, args: unknown[]): Promise<unknown>;
  subscribe(listener: (e: EngineEvent) => void): () => void;
  pathForDroppedFile(file: File): Promise<string>;
}

function ipcTransport(bridge: CrashlensBridge): Transport {
  return {
    kind: 'ipc',
    async call(method, args) {
      const reply = await bridge.call(method, args);
      if ('error' in reply) throw new CaseApiError(reply.error);
      return reply.value;
    },
    subscribe: (listener) => bridge.subscribe(listener),
    pathForDroppedFile: async (file) => bridge.pathForFile(file),
  };
}

/** The token comes in the page URL once (`/?token=…`); the server also sets an HttpOnly cookie,
 *  so the token is dropped from the address bar (it would leak through history and screenshots). */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem('crashlens-token', token);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return token;
  }
  return sessionStorage.getItem('crashlens-token');
}

async function readReply(res: Response): Promise<unknown> {
  let body: unknown = null;
  const text = await res.text();
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (body && typeof body === 'object' && 'error' in body) throw new CaseApiError((body as { error: ApiError }).error);
  if (!res.ok) throw new CaseApiError({ code: res.status === 403 ? 'bad-request' : 'internal', message: `HTTP ${res.status}: ${text.slice(0, 200)}` });
  if (body && typeof body === 'object' && 'value' in body) return (body as { value: unknown }).value;
  return undefined;
}

function httpTransport(base: string): Transport {
  const token = takeToken();
  const headers: Record<string, string> = token ? { 'x-crashlens-token': token } : {};
  const listeners = new Set<(e: EngineEvent) => void>();
  let source: EventSource | null = null;

  function open(): void {
    const url = `${base}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    source = new EventSource(url); // reconnects by itself after a server restart
    source.onmessage = (m) => {
      let e: EngineEvent;
      try { e = JSON.parse(m.data as string) as EngineEvent; } catch { return; }
      for (const l of listeners) l(e);
    };
  }

  return {
    kind: 'http',
    async call(method, args) {
      const res = await fetch(`${base}/api/call/${method}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(args),
        credentials: 'same-origin',
      });
      return readReply(res);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) { source.close(); source = null; }
      };
    },
    async pathForDroppedFile(file) {
      // Streamed as the raw body (no multipart); the server caps the size and picks the stored name.
      const res = await fetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: file,
        credentials: 'same-origin',
      });
      const value = await readReply(res);
      return (value as { path: string }).path;
    },
  };
}

function bridgeOf(w: Window): CrashlensBridge | null {
  const b = (w as unknown as { crashlens?: CrashlensBridge }).crashlens;
  return b && typeof b.call === 'function' ? b : null;
}

/** The client for this window: IPC when the Electron preload exposed its bridge, else HTTP to the
 *  page's own origin. */
export function createClient(): CrashlensClient {
  const bridge = bridgeOf(window);
  const t = bridge ? ipcTransport(bridge) : httpTransport(window.location.origin);
  const api = {} as Record<string, unknown>;
  for (const m of Object.keys(METHODS) as CaseApiMethod[]) {
    api[m] = (...args: unknown[]) => {
      // Trailing `undefined`s become null in JSON and would change what a default parameter sees.
      while (args.length && args[args.length - 1] === undefined) args.pop();
      return t.call(m, args);
    };
  }
  api.subscribe = t.subscribe;
  api.pathForDroppedFile = t.pathForDroppedFile;
  Object.defineProperty(api, 'transport', { value: t.kind, enumerable: true });
  return api as unknown as CrashlensClient;
}
