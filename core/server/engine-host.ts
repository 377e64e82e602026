// The engine in its own process, for the Electron shell: parsing a 1 GiB bundle and running SQLite
// queries must never block the process that draws the window. The Electron main process starts this
// file as a utilityProcess (or a child_process.fork: same messages) and only relays:
//   parent → host: { id, method, args }          (already checked by core/server/methods.ts)
//   host → parent: { id, reply: { value } | { error } } and { event: EngineEvent }
// The host checks each call again: it trusts no message just because it came from its parent.
import type { CaseApi, EngineEvent, ProgressStream } from '../api/types.ts';
import { checkCall, invoke } from './methods.ts';

export interface HostRequest { id: number; method: string; args: unknown[] }
export type HostMessage = { id: number; reply: { value: unknown } | { error: { code: string; message: string } } } | { event: EngineEvent };

interface Port {
  post(message: HostMessage): void;
  onMessage(handler: (m: unknown) => void): void;
}

/** Electron's utility process has `process.parentPort`; a Node child_process.fork has process.send. */
function parentPort(): Port | null {
  const pp = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(ev: 'message', h: (e: { data: unknown }) => void): void } }).parentPort;
  if (pp) return { post: (m) => pp.postMessage(m), onMessage: (h) => pp.on('message', (e) => h(e.data)) };
  if (process.send) return { post: (m) => process.send!(m), onMessage: (h) => process.on('message', h) };
  return null;
}

/** Wires an engine to a port; returns the function that handles one request (exported for tests). */
export function hostEngine(api: CaseApi & ProgressStream, post: (m: HostMessage) => void): (m: unknown) => Promise<void> {
  api.subscribe((event) => post({ event }));
  return async (m) => {
    const req = m as Partial<HostRequest> | null;
    if (!req || typeof req.id !== 'number') return;
    const checked = checkCall(req.method, req.args);
    post({ id: req.id, reply: checked.ok ? await invoke(api, checked.method, checked.args) : { error: checked.error } });
  };
}

async function main(): Promise<void> {
  const port = parentPort();
  if (!port) throw new Error('engine-host: start me as a utility process or with child_process.fork');
  const { LocalCaseApi } = await import('../api/local.ts');
  const handle = hostEngine(new LocalCaseApi(), port.post);
  port.onMessage((m) => { void handle(m); });
}

// Only in the process started for it (the parent sets this), never when a test imports hostEngine.
if (process.env.CRASHLENS_ENGINE_HOST === '1') void main();
