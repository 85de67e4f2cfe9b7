// Event page: the explanation in words and figures, the notices around it
// that were ruled out, and the chart of its window.
import { h, entityHref, entityLabel, eventHref, duration } from './dom.js';
import { isoTime } from './api.js';
import { getEvent, getSeries, queryEvents } from './model.js';
import { explainSentences, explainFigures } from './explain.js';
import { makeChart } from './chart.js';
import { eventMarks } from './entity.js';

export async function renderEvent(main, id) {
  const ev = await getEvent(id);
  const r = ev.raw;
  const end = ev.end ?? ev.start + 3600;
  const pad = Math.max(3600, Math.round((end - ev.start) / 2));
  const win = { from: ev.start - pad, until: end + pad };
  const chartBox = h('div', { class: 'chart', id: 'chart' });
  const title = ev.entityType ? entityLabel(ev.entityType, ev.entityCode, ev.entityName) : (r.collector || 'collector');
  main.replaceChildren(...[
    h('h1', {}, `${ev.kind}: `, ev.entityType ? h('a', { href: entityHref(ev.entityType, ev.entityCode, { from: isoTime(win.from), until: isoTime(win.until) }) }, title) : title),
    h('p', { class: 'when', dataset: { start: isoTime(ev.start), end: isoTime(ev.end) } },
      `${isoTime(ev.start)} – ${ev.end ? isoTime(ev.end) : 'ongoing'}`, ev.end ? ` (${duration(ev.end - ev.start)})` : ''),
    h('section', { class: 'explanation', id: 'explanation' }, h('h2', {}, 'Why darkwatch thinks so'),
      h('ul', {}, explainSentences(ev).map((s) => h('li', {}, s)))),
    chartBox,
    h('section', { class: 'figures' }, h('h2', {}, 'Figures'),
      h('table', {}, h('tbody', {}, explainFigures(ev).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))))),
    ev.prefixes.length ? h('section', {}, h('h2', {}, `Affected prefixes (${ev.prefixes.length})`),
      h('ul', { class: 'prefixes' }, ev.prefixes.map((p) => h('li', {}, p)))) : null,
    ev.origins.length ? h('section', {}, h('h2', {}, 'Origin ASes'), h('ul', { class: 'origins' }, ev.origins.map((o) =>
      h('li', {}, h('a', { href: entityHref('asn', o.asn) }, entityLabel('asn', o.asn, o.name)))))) : null,
    related(ev.related),
    notices(ev.ruledOut)].filter(Boolean));
  if (ev.entityType) {
    const [sig, events] = await Promise.all([
      getSeries(ev.entityType, ev.entityCode, { ...win, maxPoints: 1000 }),
      queryEvents({ from: win.from, until: win.until, entityType: ev.entityType, entityCode: ev.entityCode }),
    ]);
    makeChart(chartBox, sig, { names: ['visible24s', 'prefixes', 'upstreams', 'visible48s', 'churn'], marks: eventMarks(events, ev.ruledOut) });
  } else {
    chartBox.remove();
  }
}

function related(list) {
  if (!list || !list.length) return null;
  return h('section', {}, h('h2', {}, 'Related events'), h('ul', {}, list.map((e) => h('li', {},
    h('a', { href: eventHref(e.id) }, `${e.kind} of ${entityLabel(e.entityType, e.entityCode, e.entityName)}`),
    ` ${isoTime(e.start)} – ${e.end ? isoTime(e.end) : 'ongoing'}`))));
}

function notices(list) {
  if (!list || !list.length) return h('section', {}, h('h2', {}, 'Notices around it'), h('p', {}, 'None: no peer reset or gap near this event.'));
  return h('section', { class: 'notices' }, h('h2', {}, `Notices around it, ruled out (${list.length})`),
    h('ul', {}, list.map((n) => h('li', {},
      h('strong', {}, n.kind),
      ` ${isoTime(n.start)} – ${n.end ? isoTime(n.end) : 'ongoing'}`,
      n.raw.collector ? ` ${n.raw.collector} ${n.raw.peer || ''} AS${n.raw.peer_asn || ''}` : '',
      n.raw.why_not_outage ? `: ${n.raw.why_not_outage}` : ''))));
}
