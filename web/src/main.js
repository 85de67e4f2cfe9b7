// The dashboard: hash routes, one page at a time.
//   #/                              overview (map and list)
//   #/entity/{type}/{code}?from=&until=   one entity's series and events
//   #/event/{id}                    one event explained
//   #/live                          what /v2/stream sends
import './style.css';
import { h, showError } from './dom.js';
import { renderOverview } from './overview.js';
import { renderEntity } from './entity.js';
import { renderEvent } from './event.js';
import { renderLive, startLive, onLive } from './live.js';
import { attachSearch } from './search.js';

const main = document.getElementById('app');
let leave = null;
let generation = 0;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}

export function nav(href) {
  location.hash = href.replace(/^#/, '');
}

async function route() {
  const gen = ++generation;
  if (leave) leave();
  leave = null;
  const { parts, params } = parseHash();
  document.body.dataset.page = parts[0] || 'overview';
  delete document.body.dataset.ready;
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  const t0 = performance.now();
  try {
    if (parts.length === 0) {
      const view = await renderOverview(main, params, nav);
      leave = onLive(view.live);
    } else if (parts[0] === 'entity' && parts.length === 3) {
      await renderEntity(main, parts[1], parts[2], params, nav);
      leave = onLive(() => rerender(gen));
    } else if (parts[0] === 'event' && parts.length === 2) {
      await renderEvent(main, parts[1]);
    } else if (parts[0] === 'live') {
      leave = renderLive(main);
    } else {
      main.replaceChildren(h('p', { class: 'error' }, `No such page: ${location.hash}`));
    }
  } catch (err) {
    if (gen === generation) showError(main, err);
  }
  if (gen === generation) {
    // tests and people can tell a page is drawn, and how long it took
    document.body.dataset.ready = 'true';
    document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
  }
}

let pending = null;
function rerender(gen) {
  if (pending || gen !== generation) return;
  pending = setTimeout(() => { pending = null; if (gen === generation) route(); }, 2000);
}

window.addEventListener('hashchange', route);
attachSearch(document.getElementById('search'), nav);
route();
startLive(document.getElementById('live-badge'));
