// What both browser tests share: playwright-core found where npm put it
// (NODE_MODULES), Debian's chromium launched headless (CHROMIUM, default
// /usr/bin/chromium; no sandbox as root), one page whose console errors,
// page errors and HTTP errors are collected, and the ok/FAIL check list.
import { createRequire } from 'node:module';
import path from 'node:path';

export async function openBrowser() {
  const nodeModules =
    process.env.NODE_MODULES || path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules');
  const require = createRequire(path.join(nodeModules, 'noop.js'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`); });
  const ready = () => page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { browser, page, consoleErrors, ready };
}

export function checker() {
  const failures = [];
  const check = (ok, what) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };
  return { failures, check };
}
