// Annotation editing that a test kills at a random moment (kill.test.ts): opens the case, then
// adds, edits and deletes annotations in a loop, printing each one only after the API call
// returned — what the user saw as saved. Comments carry a version, "v<k>", that only grows.
import { LocalCaseApi } from '../api/local.ts';

const api = new LocalCaseApi({ workers: 1 });
await api.openCase(process.argv[2]!);
const ids: number[] = [];
const version = new Map<number, number>();
for (let k = 0; ; k++) {
  if (k % 5 === 4 && ids.length > 3) {
    const id = ids.shift()!;
    await api.deleteAnnotation(id);
    process.stdout.write(`deleted ${id}\n`);
  } else if (k % 2 === 0 || ids.length === 0) {
    const a = await api.annotate({ target: { kind: 'range', from: 1_764_237_600_000_000 + k, to: 1_764_237_660_000_000 + k }, tags: ['root-cause'], comment: 'v0', star: k % 3 === 0 });
    ids.push(a.id); version.set(a.id, 0);
    process.stdout.write(`saved ${a.id} 0\n`);
  } else {
    const id = ids[k % ids.length]!;
    const v = version.get(id)! + 1;
    await api.updateAnnotation(id, { comment: `v${v}` });
    version.set(id, v);
    process.stdout.write(`saved ${id} ${v}\n`);
  }
}
