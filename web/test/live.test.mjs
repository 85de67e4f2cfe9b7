// The dashboard live (issue 11): Debian's chromium driven by playwright-core
// against `darkwatch watch --http` while it runs. tests/web_live.sh holds the
// RIS Live recording back until this script creates GO1 (up to the outage of
// asn:64501) and GO2 (the rest: its end). The overview must show the outage
// arrive and the live page list its open and close, all without a reload.
// Usage: node live.test.mjs BASE_URL GO1 GO2 SCREENSHOT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, checker } from './browser.mjs';

const [base, go1, go2, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

const { failures, check } = checker();

const { browser, page, consoleErrors, ready } = await openBrowser();
const found = async (selector, timeout = 20000) => {
  try {
    await page.waitForSelector(selector, { timeout });
    return true;
  } catch {
    return false;
  }
};

try {
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await ready();
  // the stream is open (the badge shows) before anything is sent
  check(await found('#live-badge:not([hidden])'), 'the page is connected to /v2/stream');
  await page.evaluate(() => { window.dwNoReload = true; });
  const row = 'tr[data-type="asn"][data-code="64501"]';
  check(!(await page.$(`${row}[data-state="outage"]`)), 'before the feed: asn:64501 is not shown in an outage');
  writeFileSync(go1, '');
  check(await found(`${row}[data-state="outage"]`), 'overview: asn:64501 turns to outage as the event opens, without a reload');
  await page.screenshot({ path: path.join(shots, 'live-overview.png'), fullPage: true });

  await page.evaluate(() => { location.hash = '#/live'; });
  await ready();
  check(await found('#live-list li[data-name="event.open"]'), 'live page: the event.open is listed');
  const openText = await page.$eval('#live-list li[data-name="event.open"]', (li) => li.textContent).catch(() => '');
  check(openText.includes('"64501"') && openText.includes('"outage"'), `live page: the open names asn 64501's outage (${openText.slice(0, 120)}…)`);
  check(await found('#live-list li[data-name="bin"]'), 'live page: bins are listed as they close');
  writeFileSync(go2, '');
  check(await found('#live-list li[data-name="event.close"]'), 'live page: the event.close arrives while the page is open');
  await page.screenshot({ path: path.join(shots, 'live-page.png'), fullPage: true });
  check(await page.evaluate(() => window.dwNoReload === true), 'no reload happened');
} catch (err) {
  check(false, `unexpected: ${err.stack || err}`);
} finally {
  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? `: ${consoleErrors.join(' | ')}` : ''}`);
  await browser.close();
}
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('live dashboard: ok');
