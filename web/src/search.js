// The search box: /v2/entities/query?search= as the user types.
import { h, entityHref, entityLabel } from './dom.js';
import { queryEntities } from './model.js';

export function attachSearch(form, nav) {
  const input = form.querySelector('input');
  const list = form.querySelector('ul');
  let seq = 0;
  let timer = null;
  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { list.hidden = true; return; }
    let rows = [];
    try {
      rows = await queryEntities({ search: q, limit: 20 });
    } catch (err) {
      rows = [];
      list.replaceChildren(h('li', { class: 'error' }, String(err.message)));
      list.hidden = false;
      return;
    }
    if (mine !== seq) return;
    list.replaceChildren(...(rows.length ? rows.map((e) => h('li', {}, h('a', {
      href: entityHref(e.type, e.code),
      onclick: () => { list.hidden = true; },
    }, entityLabel(e.type, e.code, e.name), ' ', h('span', { class: `badge state-${e.state}` }, e.state))))
      : [h('li', {}, 'No match')]));
    list.hidden = false;
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 200); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const first = list.querySelector('a');
    if (first) { nav(first.getAttribute('href')); list.hidden = true; } else run();
  });
  document.addEventListener('click', (e) => { if (!form.contains(e.target)) list.hidden = true; });
}
