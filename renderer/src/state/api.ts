// The engine client this window was started with. Set once by main.tsx; everything else asks here,
// so components never build transports of their own.
import type { CaseApi, ProgressStream } from '../../../core/api/types.ts';

export type Client = CaseApi & ProgressStream & { pathForDroppedFile?(file: File): Promise<string>; readonly transport?: string };

let client: Client | null = null;

export function setApi(c: Client): void { client = c; }

export function api(): Client {
  if (!client) throw new Error('Crashlens: the engine client is not set (main.tsx must call setApi first)');
  return client;
}

/** An error from the engine, as one line for the UI. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const code = (e as { code?: string }).code;
    return `${code ? `[${code}] ` : ''}${String((e as { message: unknown }).message)}`;
  }
  return String(e);
}
