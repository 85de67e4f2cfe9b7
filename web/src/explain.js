// An event's explanation (the detector's `explanation` object) in words.
export function explainSentences(ev) {
  const names = new Map([...(ev.upstreams || []), ...(ev.origins || [])].map((a) => [Number(a.asn), a.name]));
  const asList = (xs) => (xs || []).map((a) => (names.get(Number(a)) ? `AS${a} (${names.get(Number(a))})` : `AS${a}`)).join(', ');
  const r = ev.raw || {};
  const x = r.explanation || {};
  const out = [];
  if (ev.kind === 'outage') {
    const fam = r.family ? ` (${r.family})` : '';
    if (r.baseline !== undefined) {
      out.push(`Visible space${fam} fell from ${r.baseline} to ${r.lowest}` +
        (r.severity !== undefined ? `, severity ${Number(r.severity).toFixed(2)}.` : '.'));
    }
  }
  const o = x.onset;
  if (o) {
    let s = `Onset: ${o.style || 'unknown'}`;
    if (o.withdrawals !== undefined) s += `, ${o.withdrawals} withdrawals`;
    if (o.in_first_minute !== undefined) s += ` (${o.in_first_minute} in the first minute)`;
    if (o.spread_seconds !== undefined) s += `, spread over ${o.spread_seconds} s`;
    out.push(s + '.');
    if (o.preceded_by_instability) {
      out.push(`What came before: instability, ${o.episodes_6h_before ?? 'several'} losses in the 6 h before.`);
    } else {
      out.push('What came before: nothing unusual (no instability before the onset).');
    }
  }
  if (x.single_upstream === true) {
    out.push(`It had a single upstream: ${asList(x.upstreams_before)}, so the loss of that one link is enough to explain it.`);
  } else if (x.upstreams_before) {
    out.push(`Not a single upstream: ${x.upstreams_before.length} upstreams before (${asList(x.upstreams_before)}).`);
  }
  if (x.origins_dark) {
    out.push(`Origins dark: ${asList(x.origins_dark) || 'none'}; origins still up: ${asList(x.origins_up) || 'none'}.`);
  }
  if (x.peers_agreeing !== undefined) {
    const c = x.collectors_agreeing;
    out.push(`${x.peers_agreeing} of ${x.voting_peers ?? '?'} voting peers agree, at ${c ?? '?'} ${c === 1 ? 'collector' : 'collectors'}.`);
  }
  if (x.cause_hint) out.push(`Cause hint: ${x.cause_hint}.`);
  if (r.why_not_outage) out.push(`Not an outage: ${r.why_not_outage}.`);
  if (ev.kind === 'instability' && r.episodes !== undefined) {
    out.push(`${r.episodes} episodes over ${r.prefix_count} prefixes (at most ${r.most_episodes_of_one_prefix} for one prefix).`);
  }
  if (r.within_instability) out.push(`It happened within instability that began at ${r.within_instability}.`);
  return out;
}

// Figures as [label, value] rows, every scalar of the event and its explanation.
export function explainFigures(ev) {
  const rows = [];
  const walk = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj || {})) {
      if (k === 'entity' || k === 'prefixes' || k === 'short_outages' || k === 'peers') continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, key);
      else rows.push([key, Array.isArray(v) ? v.join(', ') || '(none)' : String(v)]);
    }
  };
  walk(ev.raw, '');
  return rows;
}
