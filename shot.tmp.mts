import { launchChromium } from './test/support/browser';
const url = 'http://127.0.0.1:3921/lecciones/07-socket-io/';
const browser = await launchChromium();
for (const [name, scheme, width] of [['light', 'light', 1280], ['dark', 'dark', 1280], ['phone', 'light', 390]] as const) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(name, 'console error:', m.text()));
  page.on('pageerror', (e) => console.log(name, 'page error:', e.message));
  await page.goto(url);
  const w = page.locator('[data-widget="sio-packets"]');
  await w.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-widget="sio-packets"]')?.getAttribute('data-state') === 'connected', null, { timeout: 15000 });
  await page.waitForFunction(() => !!document.querySelector('[data-packet-type="upgrade"]'), null, { timeout: 15000 });
  await w.getByRole('button', { name: 'Enviar con ack' }).click();
  await page.waitForSelector('[data-ack-outcome="ack"]');
  await w.getByLabel('Mensaje para el canal paquetes').fill('<b>hola</b> <img src=x onerror=alert(1)>');
  await w.getByRole('button', { name: 'Publicar' }).click();
  await page.waitForTimeout(500);
  await w.screenshot({ path: `/tmp/sio-${name}.png` });
  if (name === 'light') {
    const rows = await page.$$eval('[data-packet-type]', (els) => els.map((e) => `${e.getAttribute('data-direction')} ${e.getAttribute('data-transport')} ${e.getAttribute('data-packet-type')} ${e.querySelector('[data-packet-wire]')?.textContent?.slice(0, 80)}`));
    console.log(rows.join('\n'));
  }
  await ctx.close();
}
await browser.close();
