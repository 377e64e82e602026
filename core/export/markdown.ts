// The report as Markdown for a ticket: GitHub-flavoured tables (Jira and Confluence take them on
// paste), quoted log lines in fenced blocks whose fence the line cannot close, and every piece of
// log text in a cell escaped (pipes, backticks, HTML-looking text).
import type { ReportCrash, ReportItem, ReportModel } from './model.ts';
import { mdCell, mdFence, mdText } from './escape.ts';
import { offsetFromCrash, utc } from './time.ts';

const pct = (c: number) => `${Math.round(c * 100)} %`;

function noteCell(it: ReportItem): string {
  const n = it.note;
  if (!n) return it.evidence ? 'evidence' : '';
  const bits = [n.star ? '★' : '', ...n.tags.map((t) => `#${t}`), n.choice ? `evidence ${n.choice}` : ''].filter(Boolean);
  return [bits.join(' '), n.comment].filter(Boolean).join(' — ');
}

function crashSection(c: ReportCrash, i: number, total: number): string[] {
  const out: string[] = [];
  out.push(`## ${total > 1 ? `Crash ${i + 1}: ` : 'Crash: '}${mdText(c.node)}`, '');
  out.push(`- **Node:** ${mdText(c.node)}`);
  out.push(`- **Crash time:** ${utc(c.time)} (UTC)`);
  out.push(`- **Outcome:** ${mdText(c.outcome.replace(/_/g, ' '))}`);
  if (c.cause) {
    out.push(`- **Most probable cause:** ${mdText(c.cause.category)} / ${mdText(c.cause.type)}`);
    out.push(`- **Confidence:** ${pct(c.cause.confidence)}`);
  } else out.push('- **Most probable cause:** none named (no detector matched before the crash)');
  out.push('', mdText(c.cause?.summary || c.summary), '');
  if (c.cause?.evidence.length) {
    out.push('### Evidence', '');
    c.cause.evidence.forEach((e, k) => {
      const choice = e.choice ? ` — **${e.choice} by the user**` : '';
      out.push(`${k + 1}. ${e.offset ? `${e.offset} · ` : ''}${utc(e.ts)} · ${mdText(e.node ?? '')} · ${mdText(e.type)} (${mdText(e.severity)})${choice}`);
      out.push(`   ${mdText(e.source ? `${e.source}:${e.line}` : e.message)}`, '');
      out.push(mdFence([e.raw ?? e.message]).split('\n').map((l) => `   ${l}`).join('\n'), '');
    });
  }
  if (c.alternatives.length) {
    out.push('### Other candidates', '');
    for (const a of c.alternatives) out.push(`- ${mdText(a.category)} / ${mdText(a.type)} (${pct(a.confidence)}): ${mdText(a.summary)}`);
    out.push('');
  }
  if (c.missing.length) {
    out.push('### Missing evidence', '');
    for (const m of c.missing) out.push(`- ${mdText(m)}`);
    out.push('');
  }
  return out;
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [`# ${mdText(model.title)}`, ''];
  if (model.redacted) out.push('> **Redacted:** addresses, host names, e-mail addresses and secrets are replaced by pseudonyms (host-N, ip-N, email-N, secret-N), the same value the same name throughout this report.', '');
  if (model.sosCleaned) out.push('> The bundle was cleaned by `sos clean`: its own pseudonyms are kept as they are.', '');
  out.push(`Case \`${model.caseFile.replace(/`/g, "'")}\` · generated ${utc(model.generatedAt)} UTC · ${model.counts.records} records, ${model.counts.events} events, ${model.counts.annotations} notes`);
  if (model.range) out.push('', `Range: ${utc(model.range.from)} → ${utc(model.range.to)} (UTC)`);
  out.push('');

  out.push('## Summary', '');
  if (!model.crashes.length) out.push('No crash was found in this case.', '');
  else {
    out.push('| Node | Crash time (UTC) | Outcome | Cause | Confidence |', '|---|---|---|---|---|');
    for (const c of model.crashes) {
      out.push(`| ${mdCell(c.node)} | ${utc(c.time)} | ${mdCell(c.outcome.replace(/_/g, ' '))} | ${c.cause ? `${mdCell(c.cause.category)} / ${mdCell(c.cause.type)}` : '—'} | ${c.cause ? pct(c.cause.confidence) : '—'} |`);
    }
    out.push('');
  }
  model.crashes.forEach((c, i) => out.push(...crashSection(c, i, model.crashes.length)));

  if (model.choices.length) {
    out.push('## Evidence reviewed by the user', '');
    for (const ch of model.choices) out.push(`- ${ch.choice === 'accepted' ? '✔ accepted' : '✘ rejected'}: ${mdText(ch.message)}`);
    out.push('');
  }

  out.push('## Timeline', '');
  if (!model.timeline.length) out.push('No key events or notes.', '');
  else {
    out.push(`Key events and notes in time order${model.crashTime !== null ? `; offsets from the crash at ${utc(model.crashTime)}` : ''}.`, '');
    out.push('| T | Time (UTC) | Node | What | Message | Note |', '|---|---|---|---|---|---|');
    for (const it of model.timeline) {
      const what = it.kind === 'annotation' ? `note on ${it.what}` : `${it.what}${it.severity ? ` (${it.severity})` : ''}`;
      out.push(`| ${it.offset || '—'} | ${utc(it.ts)}${it.endTs !== null && it.endTs !== it.ts ? ` → ${utc(it.endTs)}` : ''} | ${mdCell(it.node ?? '')} | ${mdCell(what)} | ${mdCell(it.message)} | ${mdCell(noteCell(it))} |`);
    }
    out.push('');
  }

  out.push('## Sources covered', '');
  if (!model.sources.length) out.push('No sources.', '');
  else {
    out.push('| Node | Source | Format | From (UTC) | To (UTC) | Span | Records |', '|---|---|---|---|---|---|---|');
    for (const s of model.sources) {
      const span = s.firstTs !== null && s.lastTs !== null ? offsetFromCrash(s.lastTs, s.firstTs).replace(/^T\+?/, '') : '—';
      out.push(`| ${mdCell(s.node ?? '')} | ${mdCell(s.path)} | ${mdCell(s.format)} | ${utc(s.firstTs)} | ${utc(s.lastTs)} | ${span} | ${s.records} |`);
    }
    out.push('');
  }
  out.push(`_Report schema ${model.schemaVersion}, made by Crashlens._`, '');
  return out.join('\n');
}
