// The exposure panel of an entity page (docs/exposure.md): its size and
// origins, its international upstreams with their shares, its single points
// of failure in words, its tier, and its upstreams day by day from the
// stored history. Every figure is the API's (/v2/profile); nothing is computed here.
import { h, entityHref, entityLabel } from './dom.js';
import { isoTime } from './api.js';

const TIER_WORDS = {
  severe: 'one or two international upstreams',
  significant: 'fewer than ten international upstreams',
  low: 'fewer than forty international upstreams',
  resistant: 'forty or more international upstreams',
  unknown: 'no international upstream seen',
};

export function pct(x) {
  const p = x * 100;
  return p > 0 && p < 1 ? `${p.toFixed(2)}%` : `${Math.round(p)}%`;
}

function asLink(a) {
  return h('a', { href: entityHref('asn', a.asn) }, entityLabel('asn', a.asn, a.name));
}

const num = (n) => (n === undefined || n === null ? '' : Number(n).toLocaleString('en-US'));

// origins: [{ asn, name }] to name when the profile has no list (a country's
// daily profile keeps only the count; the page knows its origin ASes).
export function profilePanel(type, code, profile, history, origins = []) {
  if (!profile) return h('div', { id: 'profile', class: 'profile', dataset: { state: 'none' } },
    h('p', {}, 'No exposure profile stored for this entity (replay or watch with --db stores one a day).'));
  const s = profile.size;
  const names = profile.origins.length ? profile.origins : origins;
  const who = type === 'asn' ? `AS${code}` : code;
  const spof = profile.spof.length
    ? h('ul', { class: 'spof' }, profile.spof.map((f) => h('li', { dataset: { asn: f.asn, share: f.share } },
      h('strong', {}, 'Single point of failure: '), f.text || `every path to ${who} crosses AS${f.asn}`,
      f.name ? ` (${f.name})` : '')))
    : h('p', { class: 'spof none' }, `No single point of failure: no AS is on every path to more than half of ${who}'s space.`);
  return h('div', { id: 'profile', class: 'profile', dataset: { state: 'ok', tier: profile.tier } },
    h('p', { class: 'profile-head' },
      h('span', { class: `badge tier tier-${profile.tier}`, id: 'profile-tier' }, `tier: ${profile.tier}`), ' ',
      `${TIER_WORDS[profile.tier] || ''} (${profile.upstreams.length}); seen from ${profile.vantagePoints} full-feed vantage points `,
      `(${pct(profile.seen)} of its space), ${isoTime(profile.at)}.`),
    spof,
    h('div', { class: 'cols' },
      h('div', {},
        h('h3', {}, 'Size'),
        h('table', { class: 'figures', id: 'profile-size' }, h('tbody', {},
          h('tr', {}, h('th', {}, 'Prefixes'), h('td', { class: 'num' }, `${num(s.prefixes)} (${num(s.ipv4_prefixes)} IPv4, ${num(s.ipv6_prefixes)} IPv6)`)),
          h('tr', {}, h('th', {}, 'IPv4 /24s'), h('td', { class: 'num' }, num(s.ipv4_24s))),
          h('tr', {}, h('th', {}, 'IPv4 addresses'), h('td', { class: 'num' }, num(s.ipv4_addresses))),
          h('tr', {}, h('th', {}, 'IPv6 /48s'), h('td', { class: 'num' }, num(s.ipv6_48s))),
          h('tr', {}, h('th', {}, 'Origin ASes'), h('td', { class: 'num' }, num(profile.originCount))))),
        names.length ? h('ul', { class: 'origins profile-origins' }, names.slice(0, 30).map((o) => h('li', {}, asLink(o)))) : null),
      h('div', {},
        h('h3', {}, 'International upstreams'),
        shareTable('profile-upstreams', profile.upstreams, 'Share of its space reaching the world through it'),
        profile.domestic.length ? [h('h3', {}, 'Domestic transit'), shareTable('profile-domestic', profile.domestic, 'Share')] : null)),
    h('h3', {}, 'International upstreams day by day'),
    historyTable(history));
}

function shareTable(id, list, title) {
  if (!list.length) return h('p', { id }, 'None seen.');
  return h('table', { id, class: 'shares' },
    h('thead', {}, h('tr', {}, h('th', {}, 'AS'), h('th', {}, 'Registered'), h('th', {}, title))),
    h('tbody', {}, list.slice(0, 40).map((a) => h('tr', { dataset: { asn: a.asn, share: a.share } },
      h('td', {}, asLink(a)), h('td', {}, a.country),
      h('td', { class: 'num' }, h('span', { class: 'bar', style: `width:${(a.share * 6).toFixed(2)}em` }), pct(a.share))))));
}

// A day a row; a day whose upstreams differ from the day before is marked.
function historyTable(history) {
  if (!history.length) return h('p', { id: 'profile-history' }, 'No stored days.');
  let before = null;
  return h('table', { id: 'profile-history', class: 'timeline' },
    h('thead', {}, h('tr', {}, ['Day', 'Tier', 'International upstreams (share)', 'Largest dependence'].map((t) => h('th', {}, t)))),
    h('tbody', {}, history.map((d) => {
      const key = d.upstreams.map((u) => u.asn).sort((a, b) => a - b).join(',');
      const changed = before !== null && key !== before;
      before = key;
      return h('tr', { dataset: { day: d.day, upstreams: key, changed: changed ? 'true' : 'false' }, class: changed ? 'changed' : '' },
        h('td', {}, d.day),
        h('td', {}, d.tier),
        h('td', {}, d.upstreams.length ? d.upstreams.slice(0, 8).map((u, i) => [i ? ', ' : '', asLink(u), ` ${pct(u.share)}`]) : 'none seen',
          d.upstreams.length > 8 ? `, … ${d.upstreams.length - 8} more` : ''),
        h('td', {}, d.largest ? [asLink(d.largest), ` ${pct(d.largest.share)}`] : 'none'));
    })));
}
