// The world map of the overview: Natural Earth 1:110m countries (world-atlas),
// keyed by ISO 3166 numeric code and mapped to the alpha-2 codes the API uses,
// each country filled by its current state. Drawn as SVG: no tiles, offline.
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import countries from 'i18n-iso-countries';
import world from 'world-atlas/countries-110m.json';
import { STATES } from './model.js';

const SVG = 'http://www.w3.org/2000/svg';
const LEGEND = {
  normal: 'normal',
  partial: 'partial loss',
  outage: 'outage',
  instability: 'instability',
  unknown: 'no data',
};

// byCode: Map alpha-2 -> entity (state, share, name); onPick(code) on click.
export function drawMap(container, byCode, onPick) {
  const width = 960;
  const height = 480;
  const land = feature(world, world.objects.countries);
  const projection = geoNaturalEarth1().fitSize([width, height], { type: 'Sphere' });
  const path = geoPath(projection);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'world');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'World map coloured by each country\'s current state');
  const sphere = document.createElementNS(SVG, 'path');
  sphere.setAttribute('d', path({ type: 'Sphere' }));
  sphere.setAttribute('class', 'sphere');
  svg.appendChild(sphere);
  for (const f of land.features) {
    const code = f.id ? countries.numericToAlpha2(f.id) : undefined;
    const ent = code ? byCode.get(code) : undefined;
    const state = ent ? ent.state : 'unknown';
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', path(f));
    p.setAttribute('class', `country state-${state}`);
    if (code) p.dataset.code = code;
    p.dataset.state = state;
    const t = document.createElementNS(SVG, 'title');
    const share = ent && ent.share !== null ? `, ${(ent.share * 100).toFixed(1)}% visible` : '';
    t.textContent = `${f.properties.name}${code ? ` (${code})` : ''}: ${LEGEND[state] || state}${share}`;
    p.appendChild(t);
    if (code && ent) p.addEventListener('click', () => onPick(code));
    svg.appendChild(p);
  }
  container.replaceChildren(svg, legend());
}

function legend() {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  for (const s of [...STATES, 'unknown']) {
    const li = document.createElement('li');
    li.dataset.state = s;
    li.innerHTML = `<span class="swatch state-${s}"></span>${LEGEND[s]}`;
    ul.appendChild(li);
  }
  return ul;
}
