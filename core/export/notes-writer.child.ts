// Child process of notes-survive.test.ts: saves notes on a case as fast as it can, each save its
// own transaction through LocalCaseApi, and reports each one on stdout only after the save has
// returned — until the parent SIGKILLs it mid-stream.
import fs from 'node:fs';
import { LocalCaseApi } from '../api/local.ts';

const [casePath, round] = process.argv.slice(2);
const api = new LocalCaseApi();
await api.openCase(casePath!);
fs.writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  const comment = `round ${round} save ${i} ${'x'.repeat(i % 200)}`;
  const a = await api.annotate({ target: { kind: 'range', from: i * 1e6, to: i * 1e6 + 5e6, node: null }, star: i % 2 === 0, tags: ['symptom'], comment });
  // Every third save is an edit of the note just made: an edit is a transaction too.
  if (i % 3 === 2) await api.updateAnnotation(a.id, { comment: `${comment} edited`, tags: ['root-cause'] });
  fs.writeSync(1, `${a.id}\t${i % 3 === 2 ? `${comment} edited` : comment}\n`);
}
