// The darkwatch HTTP API (docs/api.md), the only thing this page talks to.
// Every response comes in one envelope: { type, requestParameters, error, perf, data }.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function getJson(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const url = q.toString() ? `${path}?${q}` : path;
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, `${url}: not JSON (HTTP ${res.status})`);
  }
  if (!res.ok || body.error) {
    const e = body.error;
    const msg = typeof e === 'string' ? e : e && e.message ? e.message : `HTTP ${res.status}`;
    throw new ApiError(res.status, `${url}: ${msg}`);
  }
  return body;
}

// Times arrive as unix seconds or ISO 8601; the page works in unix seconds.
export function toSec(v) {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') return v;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t / 1000;
}

export function isoTime(sec) {
  return sec === null || sec === undefined ? '' : new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
}
