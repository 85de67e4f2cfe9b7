// Overview: the world map by current state and a sortable list of countries
// and ASes with their share of visible space and last event.
import { h, entityHref, eventHref, entityLabel } from './dom.js';
import { isoTime } from './api.js';
import { drawMap } from './map.js';
import { queryEntities, normEvent } from './model.js';

const COLUMNS = [
  ['entity', 'Entity', (e) => `${e.type}:${e.code}`],
  ['name', 'Name', (e) => e.name],
  ['state', 'State', (e) => e.state],
  ['share', 'Visible share', (e) => (e.share === null ? -1 : e.share)],
  ['last', 'Last event', (e) => (e.lastEvent ? e.lastEvent.start : -1)],
];

export async function renderOverview(main, params, nav) {
  // the map and the countries first; the ASes (a longer list) join the table when they come
  const asnsPromise = queryEntities({ entityType: 'asn', limit: 5000 });
  const countriesList = await queryEntities({ entityType: 'country', limit: 1000 });
  const byCode = new Map(countriesList.map((e) => [e.code, e]));
  const mapBox = h('section', { class: 'map', id: 'map' });
  const tableBox = h('section', { class: 'entities' });
  const note = h('p', { class: 'window' }, 'Loading the ASes…');
  main.replaceChildren(h('h1', {}, 'Which networks are dark now'), mapBox, tableBox, note);
  drawMap(mapBox, byCode, (code) => nav(entityHref('country', code)));
  const sort = params.get('sort') || 'last';
  const dir = params.get('dir') === 'asc' ? 1 : -1;
  let rows = countriesList;
  drawTable(tableBox, rows, sort, dir);
  let queued = null;  // a burst of messages is one redraw
  const redraw = () => {
    if (queued) return;
    queued = setTimeout(() => {
      queued = null;
      if (!main.contains(tableBox)) return;
      drawMap(mapBox, byCode, (code) => nav(entityHref('country', code)));
      const q = new URLSearchParams(location.hash.split('?')[1] || '');
      drawTable(tableBox, rows, q.get('sort') || sort, q.get('dir') ? (q.get('dir') === 'asc' ? 1 : -1) : dir);
    }, 100);
  };
  // Live (watch --http): what /v2/stream sends changes the rows in place and
  // redraws the map and the list, without asking the store again (watch
  // stores its events when it stops).
  const live = (item) => {
    const d = item.data || {};
    if (item.name === 'event.open' || item.name === 'event.close') {
      const ev = normEvent(d);
      if (!ev.entityType || !ev.entityCode) return;
      let row = rows.find((e) => e.type === ev.entityType && e.code === ev.entityCode);
      if (!row) {
        row = { type: ev.entityType, code: ev.entityCode, name: ev.entityName, state: 'normal', share: null, values: {}, lastEvent: null };
        rows = [...rows, row];
        if (row.type === 'country') byCode.set(row.code, row);
      }
      const open = item.name === 'event.open';
      if (ev.kind === 'outage') row.state = open ? ((d.severity ?? 1) >= 0.9 ? 'outage' : 'partial') : 'normal';
      else if (ev.kind === 'instability') row.state = open ? 'instability' : row.state;
      row.lastEvent = { kind: ev.kind, start: ev.start, end: ev.end };
    } else if (item.name === 'bin') {
      for (const c of d.countries || []) {
        const row = byCode.get(c.code);
        if (row) row.share = c.share === null || c.share === undefined ? null : Number(c.share);
      }
    } else {
      return;
    }
    redraw();
  };
  asnsPromise.then((allAsns) => {
    if (!main.contains(tableBox)) return;
    // every country; of the ASes, those with something to say (the others are a search away)
    const asns = allAsns.filter((e) => e.lastEvent || (e.state !== 'normal' && e.state !== 'unknown'));
    const quiet = allAsns.length - asns.length;
    const q = new URLSearchParams(location.hash.split('?')[1] || '');
    const known = new Set(rows.map((e) => `${e.type}:${e.code}`));  // live rows that came first stay
    rows = [...rows, ...asns.filter((e) => !known.has(`${e.type}:${e.code}`))];
    drawTable(tableBox, rows, q.get('sort') || sort, q.get('dir') ? (q.get('dir') === 'asc' ? 1 : -1) : dir);
    note.textContent = quiet ? `${quiet} other ASes had no event and are normal: use the search box to find one.` : '';
    tableBox.dataset.asns = String(asns.length);
  }, (err) => { note.textContent = `ASes: ${err.message}`; });
  return { byCode, live };
}

const STATE_RANK = { outage: 4, partial: 3, instability: 2, normal: 1 };

function drawTable(box, rows, sort, dir) {
  const col = COLUMNS.find((c) => c[0] === sort) || COLUMNS[2];
  const key = col[0] === 'state' ? (e) => STATE_RANK[e.state] || 0 : col[2];
  const sorted = [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return `${a.type}:${a.code}` < `${b.type}:${b.code}` ? -1 : 1;
  });
  const head = h('tr', {}, COLUMNS.map(([k, label]) => h('th', {
    'aria-sort': k === col[0] ? (dir > 0 ? 'ascending' : 'descending') : undefined,
  }, h('button', {
    type: 'button',
    dataset: { sort: k },
    onclick: () => resort(k),
  }, label, k === col[0] ? (dir > 0 ? ' ▲' : ' ▼') : ''))));
  function resort(k) {
    const d = k === col[0] ? -dir : -1;
    redraw(k, d);
  }
  function redraw(k, d) {
    drawTable(box, rows, k, d);
    const q = new URLSearchParams(location.hash.split('?')[1] || '');
    q.set('sort', k);
    q.set('dir', d > 0 ? 'asc' : 'desc');
    history.replaceState(null, '', `#/?${q}`);
  }
  const body = sorted.map((e) => h('tr', { dataset: { type: e.type, code: e.code, state: e.state } },
    h('td', {}, h('a', { href: entityHref(e.type, e.code) }, entityLabel(e.type, e.code))),
    h('td', {}, e.name),
    h('td', {}, h('span', { class: `badge state-${e.state}` }, e.state)),
    h('td', { class: 'num' }, e.share === null ? '' : `${(e.share * 100).toFixed(1)}%`),
    h('td', {}, e.lastEvent
      ? h('a', { href: e.lastEvent.id !== undefined ? eventHref(e.lastEvent.id) : entityHref(e.type, e.code) },
        `${e.lastEvent.kind} ${isoTime(e.lastEvent.start)}`)
      : '')));
  box.replaceChildren(h('h2', {}, `Countries and ASes (${rows.length})`),
    h('div', { class: 'scroll' }, h('table', { class: 'sortable' }, h('thead', {}, head), h('tbody', {}, body))));
}
