// The API's shapes (docs/api.md) turned into what the pages draw. Only this
// file knows the API's field names; the pages use the plain objects it returns.
import { getJson, toSec } from './api.js';

export const STATES = ['normal', 'partial', 'outage', 'instability'];

function normState(s) {
  return STATES.includes(s) ? s : 'unknown';
}

// { type, code, name, state, share, values, lastEvent }
export function normEntity(e) {
  const a = e.attrs || {};
  return {
    type: e.type,
    code: String(e.code),
    name: e.name || '',
    state: normState(a.status),
    share: a.share === undefined || a.share === null ? null : Number(a.share),
    values: { visible24s: a.visible24s, visible48s: a.visible48s, prefixes: a.prefixes, upstreams: a.upstreams, fullFeedPeers: a.fullFeedPeers },
    lastEvent: a.lastEvent ? normEvent(a.lastEvent) : null,
  };
}

export async function queryEntities({ entityType, search, relatedTo, limit = 100, page } = {}) {
  const body = await getJson('/v2/entities/query', { entityType, search, relatedTo, limit, page });
  return (body.data || []).map(normEntity);
}

// An event of the list, of a detail, or a notice { id, kind, start, end, detail }.
// raw: the event object of docs/json.md when the API sent it (detail), else the item.
export function normEvent(e) {
  const ent = e.entity || {};
  return {
    id: e.id,
    kind: e.kind,
    entityType: ent.type || null,
    entityCode: ent.code === undefined || ent.code === null ? null : String(ent.code),
    entityName: ent.name || '',
    start: toSec(e.start),
    end: toSec(e.end),
    score: e.score,
    fraction: e.fraction,
    status: e.status,
    raw: e.detail || e,
    item: e,
  };
}

export async function queryEvents({ from, until, entityType, entityCode, kind, orderBy, limit = 1000, page } = {}) {
  const body = await getJson('/v2/outages/events', { from, until, entityType, entityCode, kind, orderBy, limit, page });
  return (body.data || []).map(normEvent);
}

export async function getEvent(id) {
  const body = await getJson(`/v2/outages/events/${encodeURIComponent(id)}`);
  const d = body.data || {};
  const ev = normEvent(d);
  ev.prefixes = d.prefixes || (ev.raw.prefixes || []);
  ev.origins = d.origins || (ev.raw.origin_asns || []).map((asn) => ({ asn, name: '' }));
  ev.upstreams = d.upstreams || [];
  ev.agreement = d.agreement || null;
  ev.ruledOut = (d.ruledOut || []).map(normEvent);
  ev.related = (d.related || []).map(normEvent);
  return ev;
}

// { from, until, step, series: [{ name, from, until, step, aggregation, values }] } on one time axis.
export async function getSeries(entityType, entityCode, { from, until, maxPoints } = {}) {
  const body = await getJson(
    `/v2/signals/raw/${encodeURIComponent(entityType)}/${encodeURIComponent(entityCode)}`,
    { from, until, maxPoints });
  const rows = (body.data && body.data[0]) || [];
  const series = rows.map((r) => ({
    name: r.subtype,
    entityName: r.entityName,
    from: toSec(r.from),
    until: toSec(r.until),
    step: Number(r.step),
    aggregation: r.aggregation,
    values: r.values || [],
  }));
  const first = series[0] || { from: toSec(from), until: toSec(until), step: 300 };
  return { from: first.from, until: first.until, step: first.step, series };
}

// An entity's exposure profile (docs/exposure.md), the latest stored; null
// when the store holds none (404).
// { at, tier, seen, vantagePoints, size, originCount, origins, upstreams,
//   domestic, dependence, spof: [{ asn, name, share, text }] }
export async function getProfile(entityType, entityCode) {
  let body;
  try {
    body = await getJson(`/v2/profile/${encodeURIComponent(entityType)}/${encodeURIComponent(entityCode)}`);
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
  const p = body.data || {};
  const share = (a) => ({ asn: Number(a.asn), name: a.name || '', country: a.country || '', share: Number(a.share || 0) });
  return {
    at: toSec(p.at),
    name: p.name || '',
    tier: p.tier || 'unknown',
    seen: Number(p.seen || 0),
    vantagePoints: p.vantage_points || 0,
    size: p.size || {},
    originCount: p.origin_count || 0,
    origins: (p.origins || []).map((o) => ({ asn: Number(o.asn), name: o.name || '', size: o.size || {} })),
    upstreams: (p.international_upstreams || []).map(share),
    domestic: (p.domestic_transit || []).map(share),
    dependence: (p.dependence || []).map(share),
    spof: (p.single_points_of_failure || []).map((f) => ({ ...share(f), left: Number(f.left || 0), text: f.text || '' })),
  };
}

// One entry per stored day, oldest first:
// [{ day, at, tier, upstreams: [{ asn, name, share }], largest: { asn, name, share } | null }]
export async function getProfileHistory(entityType, entityCode) {
  let body;
  try {
    body = await getJson(`/v2/profile/${encodeURIComponent(entityType)}/${encodeURIComponent(entityCode)}`, { from: 0 });
  } catch (e) {
    if (e.status === 404) return [];
    throw e;
  }
  const share = (a) => ({ asn: Number(a.asn), name: a.name || '', share: Number(a.share || 0) });
  return (body.data || []).map((d) => ({
    day: d.day,
    at: toSec(d.at),
    tier: d.tier || 'unknown',
    upstreams: (d.international_upstreams || []).map(share),
    largest: d.largest_dependence ? share(d.largest_dependence) : null,
  }));
}
