import { launchChromium } from './test/support/browser';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto('http://127.0.0.1:3921/lecciones/07-socket-io/');
const w = page.locator('[data-widget="sio-packets"]');
await w.scrollIntoViewIfNeeded();
await page.waitForSelector('[data-packet-type="upgrade"]');
const m = () => page.$eval('.sio-trace', (el) => [el.scrollTop, el.scrollHeight, el.clientHeight, el.querySelectorAll('[data-packet-type]').length]);
await w.getByLabel('Mensaje para el canal paquetes').fill('<b>hola</b> <img src=x onerror=alert(1)>');
await w.getByRole('button', { name: 'Publicar' }).click();
for (let i = 0; i < 5; i++) { await page.waitForTimeout(200); console.log(await m()); }
await browser.close();
