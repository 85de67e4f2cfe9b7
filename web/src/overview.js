// Overview: the world map by current state and a sortable list of countries
// and ASes with their share of visible space and last event.
import { h, entityHref, eventHref, entityLabel } from './dom.js';
import { isoTime } from './api.js';
import { drawMap } from './map.js';
import { queryEntities } from './model.js';

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
  drawTable(tableBox, countriesList, sort, dir);
  asnsPromise.then((allAsns) => {
    if (!main.contains(tableBox)) return;
    // every country; of the ASes, those with something to say (the others are a search away)
    const asns = allAsns.filter((e) => e.lastEvent || (e.state !== 'normal' && e.state !== 'unknown'));
    const quiet = allAsns.length - asns.length;
    const q = new URLSearchParams(location.hash.split('?')[1] || '');
    drawTable(tableBox, [...countriesList, ...asns], q.get('sort') || sort, q.get('dir') ? (q.get('dir') === 'asc' ? 1 : -1) : dir);
    note.textContent = quiet ? `${quiet} other ASes had no event and are normal: use the search box to find one.` : '';
    tableBox.dataset.asns = String(asns.length);
  }, (err) => { note.textContent = `ASes: ${err.message}`; });
  return { byCode };
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
