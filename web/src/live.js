// Live: /v2/stream (server-sent events) while `watch` runs. The stream is
// opened once for the whole page; the live page lists what arrives and the
// other pages re-render when an event opens or closes.
import { h } from './dom.js';

const listeners = new Set();
const recent = [];
let source = null;

export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Opens the stream only when the server offers it (a probe that reads the
// headers then lets go), so a server without it gives no console error.
export async function startLive(badge) {
  if (source || typeof EventSource === 'undefined') return;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 3000);
  try {
    const res = await fetch('/v2/stream', { signal: ctl.signal, headers: { Accept: 'text/event-stream' } });
    const ok = res.ok && (res.headers.get('content-type') || '').startsWith('text/event-stream');
    ctl.abort();
    if (!ok) return;
  } catch {
    return;
  } finally {
    clearTimeout(timer);
  }
  source = new EventSource('/v2/stream');
  source.onopen = () => { badge.hidden = false; };
  source.onerror = () => { badge.hidden = true; };
  const take = (name) => (msg) => {
    let data = msg.data;
    try { data = JSON.parse(msg.data); } catch { /* text as sent */ }
    const item = { name, data, at: new Date() };
    recent.unshift(item);
    recent.length = Math.min(recent.length, 200);
    for (const fn of listeners) fn(item);
  };
  source.onmessage = take('message');
  for (const name of ['event.open', 'event.close', 'bin']) {
    source.addEventListener(name, take(name));
  }
}

export function renderLive(main) {
  const list = h('ul', { class: 'live-list', id: 'live-list' });
  const draw = () => list.replaceChildren(...recent.map((it) => h('li', { dataset: { name: it.name } },
    h('time', {}, it.at.toISOString()), ` ${it.name} `, h('code', {}, typeof it.data === 'string' ? it.data : JSON.stringify(it.data)))));
  draw();
  main.replaceChildren(h('h1', {}, 'Live'),
    h('p', {}, source ? 'Connected to /v2/stream: events as they open and close and bins as they close appear here without a reload.'
      : 'No live stream: this server is not running `darkwatch watch`, or it has no /v2/stream.'),
    list);
  return onLive(draw);
}
