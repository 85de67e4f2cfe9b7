// The dashboard in a real browser (issue 11 item 4): Debian's chromium driven
// by playwright-core against `darkwatch serve` on the kp-2014-small database.
// Usage: node dashboard.test.mjs BASE_URL SCENARIO_DIR SCREENSHOT_DIR
// (NODE_MODULES: where playwright-core is; CHROMIUM: the browser, /usr/bin/chromium)
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, checker } from './browser.mjs';

const [base, scenario, shots] = process.argv.slice(2);
const truth = JSON.parse(readFileSync(path.join(scenario, 'truth.json'), 'utf8'));
const outage = truth.events.find((e) => e.kind === 'outage' && e.entity.country === 'KP' && e.start.startsWith('2014-12-22T16'));
if (!outage) throw new Error('truth.json has no 22 December KP outage');
const sec = (iso) => Date.parse(iso) / 1000;
mkdirSync(shots, { recursive: true });

const { failures, check } = checker();

const { browser, page, consoleErrors, ready } = await openBrowser();

try {
  // Overview: KP coloured by its state at the store's end.
  const t0 = Date.now();
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await ready();
  await page.waitForSelector('path.country[data-code="KP"]');
  const drawnMs = Date.now() - t0;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  console.log(`page load in chromium: DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms, overview drawn (map and list) ${drawnMs} ms`);
  // again with a warm browser (the first navigation also pays for starting its renderer)
  const t1 = Date.now();
  await page.reload({ waitUntil: 'load' });
  await ready();
  await page.waitForSelector('path.country[data-code="KP"]');
  const warmMs = Date.now() - t1;
  const nav2 = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  console.log(`page load in chromium, reloaded: load ${nav2.toFixed(0)} ms, overview drawn ${warmMs} ms`);
  const apiKp = await page.evaluate(async () => {
    const r = await fetch('/v2/entities/query?entityType=country&search=KP');
    return (await r.json()).data.find((e) => e.code === 'KP');
  });
  const kpState = apiKp.attrs.status;
  const map = await page.evaluate(() => {
    const p = document.querySelector('path.country[data-code="KP"]');
    const swatch = (s) => {
      const el = document.querySelector(`.legend li[data-state="${s}"] .swatch`);
      return el ? getComputedStyle(el).backgroundColor : null;
    };
    return { state: p.dataset.state, fill: getComputedStyle(p).fill, swatch: swatch(p.dataset.state), normal: swatch('normal'), unknown: swatch('unknown') };
  });
  check(['normal', 'partial', 'outage', 'instability'].includes(kpState), `the API gives KP a state (${kpState})`);
  check(map.state === kpState, `KP on the map is in state "${map.state}" (the API: "${kpState}")`);
  check(map.fill === map.swatch && map.fill !== map.unknown, `KP is filled with the legend colour of "${kpState}" (${map.fill})`);
  const row = await page.$('tr[data-type="country"][data-code="KP"]');
  check(!!row, 'KP is in the list of countries and ASes');
  const asRow = await page.waitForSelector('tr[data-type="asn"][data-code="131279"]', { timeout: 10000 }).catch(() => null);
  check(!!asRow, 'AS131279, the origin of KP, is in the list with its last event');
  await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });

  // Entity page: the 22 December outage shaded at the right times and place.
  await page.click('path.country[data-code="KP"]');
  await page.waitForFunction(() => location.hash.startsWith('#/entity/country/KP'));
  await ready();
  await page.waitForSelector('#chart .shade');
  const shades = await page.$$eval('#chart .shade', (els) => els.map((el) => {
    const layer = el.parentElement.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return {
      kind: el.dataset.kind, start: el.dataset.start, end: el.dataset.end, href: el.getAttribute('href'),
      left: box.left - layer.left, right: box.right - layer.left, width: layer.width,
      xMin: Number(el.parentElement.dataset.xMin), xMax: Number(el.parentElement.dataset.xMax),
    };
  }));
  const tol = 300;
  const shade = shades.find((s) => s.kind === 'outage' && Math.abs(sec(s.start) - sec(outage.start)) <= tol
    && Math.abs(sec(s.end) - sec(outage.end)) <= tol);
  check(!!shade, `an outage is shaded from ${outage.start} to ${outage.end} (±${tol} s): ${shade ? `${shade.start} – ${shade.end}` : JSON.stringify(shades.map((s) => [s.kind, s.start, s.end]))}`);
  if (shade) {
    const px = (t) => ((t - shade.xMin) / (shade.xMax - shade.xMin)) * shade.width;
    const want = [px(sec(shade.start)), px(Math.min(sec(shade.end), shade.xMax))];
    check(Math.abs(shade.left - want[0]) < 2 && Math.abs(shade.right - want[1]) < 2,
      `the shade sits at its times on the chart (x ${shade.left.toFixed(1)}–${shade.right.toFixed(1)} px, expected ${want[0].toFixed(1)}–${want[1].toFixed(1)})`);
  }
  check(shades.some((s) => s.kind === 'instability'), 'the instability before it is shaded too');
  const notices = await page.$$eval('#chart .notice', (els) => els.map((el) => el.dataset.kind));
  check(notices.length > 0, `collector notices are marked (${[...new Set(notices)].join(', ')})`);
  await page.screenshot({ path: path.join(shots, 'entity-KP.png'), fullPage: true });

  // Exposure panel (issue 12): KP's size, AS4837 at 100%, the single point
  // of failure in words, tier severe, and the stored days.
  const prof = await page.waitForSelector('#profile[data-state="ok"]', { timeout: 10000 }).then(() => true, () => false);
  check(prof, 'the entity page has an exposure panel with a stored profile');
  if (prof) {
    const panel = await page.evaluate(() => {
      const el = document.querySelector('#profile');
      const cell = (label) => [...el.querySelectorAll('#profile-size tr')].find((r) => r.cells[0].textContent === label)?.cells[1].textContent;
      return {
        tier: el.dataset.tier,
        tierText: document.querySelector('#profile-tier').textContent,
        ups: [...el.querySelectorAll('#profile-upstreams tbody tr')].map((r) => ({ asn: r.dataset.asn, share: r.dataset.share, text: r.textContent })),
        spof: [...el.querySelectorAll('ul.spof li')].map((li) => li.textContent),
        addresses: cell('IPv4 addresses'), prefixes: cell('Prefixes'), origins: cell('Origin ASes'),
        originNames: [...el.querySelectorAll('.profile-origins li')].map((li) => li.textContent),
        days: [...el.querySelectorAll('#profile-history tbody tr')].map((r) => ({ day: r.dataset.day, ups: r.dataset.upstreams, text: r.textContent })),
      };
    });
    check(panel.tier === 'severe' && /severe/.test(panel.tierText), `the panel says tier severe (${panel.tierText})`);
    check(panel.ups.length === 1 && panel.ups[0].asn === '4837' && Number(panel.ups[0].share) === 1 && /100%/.test(panel.ups[0].text),
      `its one international upstream is AS4837 at 100% (${JSON.stringify(panel.ups)})`);
    check(panel.spof.some((t) => /single point of failure/i.test(t) && t.includes('every path to KP crosses AS4837')),
      `the single point of failure is said in words (${panel.spof.join(' | ')})`);
    check(panel.addresses === '1,024' && /^4 /.test(panel.prefixes || '') && panel.origins === '1',
      `size: 4 prefixes, 1,024 addresses, 1 origin (${panel.prefixes}; ${panel.addresses}; ${panel.origins})`);
    check(panel.originNames.some((t) => t.startsWith('AS131279 ')), `the origin is named (${panel.originNames.join(', ')})`);
    check(panel.days.length >= 1 && panel.days[0].day === '2014-12-22' && panel.days.every((d) => d.ups === '4837'),
      `upstreams day by day: AS4837 alone on every stored day (${panel.days.map((d) => `${d.day}: ${d.ups}`).join('; ')})`);
    const box = await page.$('#profile');
    await box.screenshot({ path: path.join(shots, 'profile-KP.png') });
  }

  // zoom by dragging: the window goes into the URL
  const over = await page.$('#chart .u-over');
  const ob = await over.boundingBox();
  await page.mouse.move(ob.x + ob.width * 0.5, ob.y + ob.height / 2);
  await page.mouse.down();
  await page.mouse.move(ob.x + ob.width * 0.8, ob.y + ob.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => /from=.*until=/.test(location.hash), null, { timeout: 5000 }).catch(() => {});
  check(/from=.*until=/.test(await page.evaluate(() => location.hash)), 'a drag zooms and puts the window in the URL');

  // Event page: the explanation names the single upstream, AS4837.
  await page.goto(`${base}/${shade ? shade.href : '#/'}`);
  await ready();
  const text = await page.textContent('#explanation').catch(() => '');
  check(/single upstream/i.test(text), 'the explanation says "single upstream"');
  check(text.includes('AS4837'), 'the explanation names AS4837');
  check(await page.$('#chart .shade-outage') !== null, 'the event page charts its window with the outage shaded');
  await page.screenshot({ path: path.join(shots, 'event.png'), fullPage: true });


  // Live: a stream message (the shape of docs/api.md's /v2/stream, as watch
  // publishes it) reaches the live page without a reload.
  const live = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const lp = await live.newPage();
  lp.on('pageerror', (e) => consoleErrors.push(`page error (live): ${e.message}`));
  const msg = { id: 99, kind: 'outage', start: sec(outage.start), entity: { type: 'country', code: 'KP' } };
  await lp.route('**/v2/stream', (r) => r.fulfill({
    status: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
    body: `retry: 60000\nevent: event.open\ndata: ${JSON.stringify(msg)}\n\n`,
  }));
  await lp.goto(`${base}/#/live`);
  const got = await lp.waitForSelector('#live-list li[data-name="event.open"]', { timeout: 10000 }).then(() => true, () => false);
  check(got, 'the live page shows an event.open from /v2/stream without a reload');
  await lp.screenshot({ path: path.join(shots, 'live.png'), fullPage: true });
  await live.close();
} catch (err) {
  failures.push(`exception: ${err.stack || err}`);
  console.log(`FAIL ${err.stack || err}`);
  await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''}`);
console.log(`screenshots in ${shots}`);
process.exit(failures.length ? 1 : 0);
