// The verdict as text for a terminal and as Markdown for a ticket (`crashlens analyze --md`).
// Log text is attacker-controlled: control characters are stripped before it reaches a terminal,
// and Markdown special characters in quoted lines are kept inside code spans.
import type { CauseCandidate, Crash, EventRow } from '../api/types.ts';
import type { AnalysisResult } from './input.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '');
const iso = (us: number | null) => (us === null ? '—' : new Date(Math.floor(us / 1000)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
const pct = (c: number) => `${Math.round(c * 100)} %`;
const evLine = (e: EventRow) => `${iso(e.ts)}  ${e.type}${e.count > 1 ? ` ×${e.count}` : ''}  ${clean(e.message).slice(0, 200)}  (line ${e.line})`;

export function verdictText(r: AnalysisResult): string {
  const out: string[] = [];
  if (r.verdict.crashes.length === 0) out.push('No crash, hard reset or NotReady period found in these logs.');
  for (const c of r.verdict.crashes) {
    out.push(`== ${c.node}: ${c.outcome.replace('_', ' ')} at ${iso(c.time)}`, clean(c.summary), '');
    c.causes.forEach((k, i) => {
      out.push(`  ${i + 1}. ${k.category}/${k.type}  confidence ${pct(k.confidence)}`, `     ${clean(k.summary)}`);
      for (const e of k.evidence) out.push(`       ${evLine(e)}`);
    });
    if (c.missing.length) out.push('', '  Missing evidence:', ...c.missing.map((m) => `   - ${clean(m)}`));
    out.push('');
  }
  out.push('Boots:');
  for (const b of r.boots) out.push(`  ${b.node}  ${iso(b.start)} → ${iso(b.end)}  ${b.ending.padEnd(7)}  ${clean(b.evidence)}`);
  for (const [node, f] of Object.entries(r.verdict.facts)) {
    if (!f.knownBad.length) continue;
    out.push('', `Known-bad versions on ${node}:`, ...f.knownBad.map((k) => `  - ${k.what}: ${k.reference}`));
  }
  return `${out.join('\n')}\n`;
}

const mdCode = (s: string) => `\`${clean(s).replace(/`/g, "'").slice(0, 300)}\``;

function mdCause(k: CauseCandidate, i: number): string[] {
  return [
    `${i + 1}. **${k.category} / ${k.type}** — confidence ${pct(k.confidence)}  `,
    `   ${clean(k.summary)}`,
    '',
    '   | time (UTC) | event | line |',
    '   |---|---|---|',
    ...k.evidence.map((e) => `   | ${iso(e.ts)} | ${e.type}${e.count > 1 ? ` ×${e.count}` : ''} ${mdCode(e.message)} | ${e.line} |`),
    '',
  ];
}

function mdCrash(c: Crash): string[] {
  return [
    `## ${c.node}: ${c.outcome.replace('_', ' ')} at ${iso(c.time)}`, '',
    clean(c.summary), '',
    ...(c.causes.length ? ['### Probable causes', '', ...c.causes.flatMap(mdCause)] : []),
    ...(c.missing.length ? ['### Missing evidence', '', ...c.missing.map((m) => `- ${clean(m)}`), ''] : []),
  ];
}

export function verdictMarkdown(r: AnalysisResult): string {
  const out = ['# Crashlens verdict', ''];
  if (r.verdict.crashes.length === 0) out.push('No crash, hard reset or NotReady period found in these logs.', '');
  for (const c of r.verdict.crashes) out.push(...mdCrash(c));
  out.push('## Boots', '', '| node | start (UTC) | end (UTC) | ending | evidence |', '|---|---|---|---|---|');
  for (const b of r.boots) out.push(`| ${b.node} | ${iso(b.start)} | ${iso(b.end)} | ${b.ending} | ${clean(b.evidence).replace(/\|/g, '\\|')} |`);
  out.push('');
  for (const [node, f] of Object.entries(r.verdict.facts)) {
    out.push(`## Node facts: ${node}`, '');
    const id = f.identity;
    out.push(`- kernel: ${id.kernel ?? 'unknown'}; OS: ${id.os ?? 'unknown'}; kubelet: ${id.kubeletVersion ?? 'unknown'}; runtime: ${id.runtimeVersion ?? 'unknown'}${id.etcdVersion ? `; etcd: ${id.etcdVersion}` : ''}`);
    if (f.memTotalKb !== null) out.push(`- memory: ${Math.round(f.memTotalKb / 1024)} MiB; swap: ${f.swapTotalKb === null ? 'unknown' : `${Math.round(f.swapTotalKb / 1024)} MiB`}`);
    for (const [k, v] of Object.entries(f.sysctls)) out.push(`- \`${k} = ${clean(v)}\``);
    for (const k of f.knownBad) out.push(`- **known-bad:** ${k.what} — ${k.why} (${k.reference})`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
