// Browser mode cannot hand the engine a dropped file's path: the client uploads it into the case
// directory (POST /api/upload, capped) and imports the stored copy.
import { expect, test, tid, TID } from './fixtures.ts';

test.use({ server: 'upload' });

const LOG = [
  'Mar 14 11:58:01 drop-node kernel: Linux version 5.14.0-284.11.1.el9_2.x86_64 (mockbuild@x86-vm-07)',
  'Mar 14 11:58:02 drop-node systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.',
  'Mar 14 11:58:03 drop-node kubelet[912]: I0314 11:58:03.000001     912 server.go:415] "Kubelet version" kubeletVersion="v1.27.3"',
].join('\n') + '\n';

test('a file dropped on the import screen is uploaded, stored in the case directory and imported', async ({ app, mode, shot }) => {
  test.skip(mode !== 'browser', 'in Electron a dropped file keeps its own path (webUtils); nothing is uploaded');
  const drop = app.locator(tid(TID.importDrop));
  await expect(drop).toBeVisible();
  const dataTransfer = await app.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'messages', { type: 'text/plain' }));
    return dt;
  }, LOG);
  await drop.dispatchEvent('dragover', { dataTransfer });
  await drop.dispatchEvent('drop', { dataTransfer });

  await expect(app.getByRole('tab', { name: /Records/ })).toBeVisible({ timeout: 60_000 });
  await app.getByRole('tab', { name: /Records/ }).click();
  await expect(app.locator(`${tid(TID.recordsTable)} ${tid(TID.tableRow)}`)).toHaveCount(3, { timeout: 30_000 });
  await shot('upload-01-imported');

  // The page's own origin, with the HttpOnly cookie the first load set: the bundle is the upload.
  const summary = await app.evaluate(async () => {
    const r = await fetch('/api/call/summary', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    return (await r.json()) as { value: { bundles: { path: string }[] } };
  });
  const paths = summary.value.bundles.map((b) => b.path);
  expect(paths).toHaveLength(1);
  expect(paths[0]).toMatch(/\/upload-cases\/uploads\/[0-9a-f]{8}-messages$/);

  // Over the cap (1 MiB here): refused with a clear message, nothing imported.
  const status = await app.evaluate(async () => {
    const r = await fetch('/api/upload?name=big.log', { method: 'POST', body: new Blob([new Uint8Array(1024 * 1024 + 1)]) });
    return { status: r.status, body: await r.text() };
  });
  expect(status.status).toBe(413);
  expect(status.body).toMatch(/cap/);
});
