// A tiny element builder: h('a', { href: '#/' }, 'text', child).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function entityHref(type, code, params) {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/entity/${encodeURIComponent(type)}/${encodeURIComponent(code)}${q ? '?' + q : ''}`;
}

export function eventHref(id) {
  return `#/event/${encodeURIComponent(id)}`;
}

export function entityLabel(type, code, name) {
  const c = type === 'asn' ? `AS${code}` : code;
  return name ? `${c} ${name}` : c;
}

export function duration(sec) {
  if (sec === null || sec === undefined || Number.isNaN(sec)) return '';
  if (sec < 120) return `${Math.round(sec)} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  if (sec < 172800) return `${(sec / 3600).toFixed(1)} h`;
  return `${(sec / 86400).toFixed(1)} d`;
}

export function showError(main, err) {
  main.replaceChildren(h('p', { class: 'error', role: 'alert' }, String(err.message || err)));
}
