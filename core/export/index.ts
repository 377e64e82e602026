// exportReport: the case → a report file's content in one format. The CaseApi method, the CLI
// command and the tests all go through here.
import type { ExportOptions, ExportResult } from '../api/types.ts';
import { buildReportModel, type ReportModel, type ReportReader } from './model.ts';
import { renderMarkdown } from './markdown.ts';
import { renderHtml } from './html.ts';
import { renderPng, PngUnavailableError } from './png.ts';

export { buildReportModel, renderMarkdown, renderHtml, renderPng, PngUnavailableError };
export type { ReportModel, ReportReader };

export const EXPORT_FORMATS = ['md', 'html', 'json', 'png'] as const;

const MIME: Record<ExportOptions['format'], string> = {
  md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json', png: 'image/png',
};

export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/** A file name from the case and the crash: "crashlens-<case>-<yyyymmdd-hhmm>[-redacted].<ext>". */
export function reportFileName(model: ReportModel, format: ExportOptions['format']): string {
  const base = model.caseFile.replace(/\.(case|sqlite|db)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'case';
  const when = model.crashTime !== null ? `-${new Date(model.crashTime / 1000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}` : '';
  return `crashlens-${model.redacted ? 'redacted' : base}${when}.${format}`;
}

export async function exportReport(reader: ReportReader, options: ExportOptions): Promise<ExportResult> {
  const format = options?.format;
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`unknown export format '${String(format)}' (md, html, json or png)`);
  const range = options.range ?? null;
  if (range && !(Number.isFinite(range.from) && Number.isFinite(range.to) && range.to >= range.from)) throw new Error('export range needs from ≤ to (UTC microseconds)');
  const model = await buildReportModel(reader, { range, redact: options.redact === true });
  const fileName = reportFileName(model, format);
  if (format === 'png') {
    const png = await renderPng(model, options.width ?? 1600, options.height ?? 400);
    return { format, fileName, mime: MIME.png, content: png.toString('base64'), encoding: 'base64' };
  }
  const content = format === 'md' ? renderMarkdown(model) : format === 'html' ? renderHtml(model) : renderJson(model);
  return { format, fileName, mime: MIME[format], content, encoding: 'utf8' };
}
