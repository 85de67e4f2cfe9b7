// Entity page: the series on an interactive chart with outages and
// instability shaded and collector notices marked, its exposure profile
// (profile.js), the entity's prefixes and origin ASes, its upstreams over
// time, and its event timeline. The window
// (from, until) lives in the URL so that the view can be shared.
import { h, eventHref, entityHref, entityLabel, duration } from './dom.js';
import { isoTime, toSec } from './api.js';
import { getEvent, getProfile, getProfileHistory, getSeries, queryEntities, queryEvents } from './model.js';
import { makeChart, toUplotData } from './chart.js';
import { profilePanel } from './profile.js';

const CHART_SERIES = ['visible24s', 'prefixes', 'visible48s', 'churn', 'fullFeedPeers'];

const SHADED = new Set(['outage', 'instability']);
const MAX_DETAILS = 40;

// Shades for the entity's outages and instability, marks for the notices
// (peer resets, gaps, local losses) its events' details name.
export function eventMarks(events, notices = []) {
  const marks = [];
  for (const e of events) {
    if (!SHADED.has(e.kind)) continue;
    marks.push({ kind: e.kind, start: e.start, end: e.end, id: e.id, href: eventHref(e.id) });
  }
  const seen = new Set();
  for (const n of notices) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    const r = n.raw || {};
    const who = r.collector ? `${r.collector} ${r.peer || ''} AS${r.peer_asn || ''}` : r.why_not_outage;
    marks.push({ kind: n.kind, start: n.start, end: n.end, point: true, id: n.id, note: who });
  }
  // instability under outages, so that an outage is on top
  return marks.sort((a, b) => (a.kind === 'outage') - (b.kind === 'outage'));
}

export async function renderEntity(main, type, code, params) {
  const from = toSec(params.get('from'));
  const until = toSec(params.get('until'));
  const [sig, info, related, profile, profileDays] = await Promise.all([
    getSeries(type, code, { from, until, maxPoints: 2000 }),
    queryEntities({ entityType: type, search: code, limit: 100 }).catch(() => []),
    type === 'country'
      ? queryEntities({ entityType: 'asn', relatedTo: `country/${code}`, limit: 500 }).catch(() => [])
      : queryEntities({ entityType: 'country', relatedTo: `asn/${code}`, limit: 50 }).catch(() => []),
    getProfile(type, code).catch(() => null),
    getProfileHistory(type, code).catch(() => []),
  ]);
  const win = { from: sig.from, until: sig.until };
  const mine = await queryEvents({ from: win.from, until: win.until, entityType: type, entityCode: code });
  const details = await Promise.all(mine.slice(0, MAX_DETAILS).map((e) => getEvent(e.id).catch(() => null)));
  const notices = details.filter(Boolean).flatMap((d) => d.ruledOut)
    .filter((n) => n.start < win.until && (n.end ?? win.until) >= win.from);
  const me = info.find((e) => e.code.toUpperCase() === String(code).toUpperCase()) || { name: sig.series[0]?.entityName || '', state: 'unknown' };
  const marks = eventMarks(mine, notices);

  const chartBox = h('div', { class: 'chart', id: 'chart' });
  const upBox = h('div', { class: 'chart small', id: 'upstreams-chart' });
  main.replaceChildren(
    h('h1', {}, entityLabel(type, code, me.name), ' ', h('span', { class: `badge state-${me.state}`, id: 'entity-state' }, me.state)),
    h('p', { class: 'window' }, `Window ${isoTime(win.from)} – ${isoTime(win.until)} (step ${duration(sig.step)}). `,
      'Drag to zoom, shift+drag or the wheel to pan and zoom, double-click to reset. ',
      h('a', { href: entityHref(type, code) }, 'whole run')),
    chartBox,
    h('p', { class: 'legend-marks' },
      h('span', { class: 'swatch shade-outage' }), 'outage ',
      h('span', { class: 'swatch shade-instability' }), 'instability ',
      h('span', { class: 'swatch notice' }), 'collector notice (peer reset, gap, local loss), ruled out'),
    h('h2', {}, 'Exposure'),
    profilePanel(type, code, profile, profileDays, type === 'country' ? related.map((r) => ({ asn: Number(r.code), name: r.name })) : []),
    h('h2', {}, 'Upstreams over time'), upBox,
    h('h2', {}, `Events (${mine.length})`), timeline(mine),
    h('h2', {}, type === 'country' ? 'Prefixes and origin ASes' : 'Prefixes and countries'),
    prefixes(details.filter(Boolean), related, type, code));
  // a zoom or pan goes into the URL, and the window is fetched again at the
  // resolution it deserves (the server keeps minima, so nothing vanishes either way)
  let chart = null;
  let fetchSeq = 0;
  const onWindow = debounce(async (f, u) => {
    history.replaceState(null, '', entityHref(type, code, { from: isoTime(f), until: isoTime(u) }));
    const mine = ++fetchSeq;
    const finer = await getSeries(type, code, { from: Math.max(f, win.from), until: Math.min(u + 1, win.until), maxPoints: 2000 }).catch(() => null);
    if (finer && mine === fetchSeq && chart && finer.step < sig.step) chart.setData(toUplotData(finer, CHART_SERIES).data, false);
  }, 300);
  chart = makeChart(chartBox, sig, { names: CHART_SERIES, marks, onWindow });
  if (sig.series.some((s) => s.name === 'upstreams')) {
    makeChart(upBox, sig, { names: ['upstreams'], marks: marks.filter((m) => !m.point), height: 140 });
  } else {
    upBox.replaceChildren(h('p', {}, 'No upstream series for this entity.'));
  }
  const ups = new Map();
  for (const d of details.filter(Boolean)) for (const u of d.upstreams) ups.set(u.asn, u.name);
  if (ups.size) {
    upBox.after(h('p', { class: 'upstream-names' }, 'Upstreams before its losses: ',
      [...ups].map(([asn, name], i) => [i ? ', ' : '', h('a', { href: entityHref('asn', asn) }, entityLabel('asn', asn, name))])));
  }
}

function timeline(events) {
  if (!events.length) return h('p', {}, 'No events in this window.');
  return h('table', { class: 'timeline' },
    h('thead', {}, h('tr', {}, ['Kind', 'Start', 'End', 'Duration', 'Fraction lost', 'Score'].map((t) => h('th', {}, t)))),
    h('tbody', {}, [...events].sort((a, b) => a.start - b.start).map((e) => h('tr', { dataset: { kind: e.kind, start: isoTime(e.start), end: isoTime(e.end) } },
      h('td', {}, h('a', { href: eventHref(e.id), class: `kind-${e.kind}` }, e.kind)),
      h('td', {}, isoTime(e.start)),
      h('td', {}, e.end ? isoTime(e.end) : 'ongoing'),
      h('td', {}, e.end ? duration(e.end - e.start) : ''),
      h('td', { class: 'num' }, e.fraction !== undefined && e.fraction !== null ? Number(e.fraction).toFixed(2) : ''),
      h('td', { class: 'num' }, e.score !== undefined && e.score !== null ? Number(e.score).toFixed(1) : '')))));
}

function prefixes(details, related, type, code) {
  const pfx = new Set();
  const origins = new Map(type === 'asn' ? [[Number(code), '']] : []);
  for (const d of details) {
    for (const p of d.prefixes) pfx.add(p);
    for (const o of d.origins) origins.set(Number(o.asn), o.name || origins.get(Number(o.asn)) || '');
  }
  let second;
  if (type === 'country') {
    for (const r of related) origins.set(Number(r.code), r.name);
    second = h('div', {}, h('h3', {}, `Origin ASes (${origins.size})`),
      h('ul', { class: 'origins' }, [...origins].sort((a, b) => a[0] - b[0]).map(([a, name]) =>
        h('li', {}, h('a', { href: entityHref('asn', a) }, entityLabel('asn', a, name))))));
  } else {
    second = h('div', {}, h('h3', {}, `Countries of its prefixes (${related.length})`),
      h('ul', { class: 'origins' }, related.map((r) => h('li', {}, h('a', { href: entityHref('country', r.code) }, entityLabel('country', r.code, r.name))))));
  }
  return h('div', { class: 'cols' },
    h('div', {}, h('h3', {}, `Prefixes named by its events (${pfx.size})`),
      h('ul', { class: 'prefixes' }, [...pfx].sort().map((p) => h('li', {}, p)))),
    second);
}

function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
