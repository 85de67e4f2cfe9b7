// One entity's series on a uPlot chart: drag to zoom, shift+drag or the wheel
// to pan and zoom, values under the cursor in the legend. Outages and
// instability are shaded and collector notices marked by elements laid over
// the plot, each carrying its kind and times (data-kind, data-start, data-end)
// so that what the eye sees can be read back by a test.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { isoTime } from './api.js';

const COLORS = ['#1f6fb2', '#7a4fb0', '#2d9c5a', '#c77c11', '#b03a48', '#5a6470'];
const LABELS = {
  visible24s: 'visible /24s',
  visible48s: 'visible /48s',
  prefixes: 'prefixes',
  churn: 'churn',
  upstreams: 'upstreams',
  fullFeedPeers: 'full-feed peers',
};

export function seriesLabel(name) {
  return LABELS[name] || name;
}

function timeAxis(s) {
  const n = s.values.length;
  const xs = new Array(n);
  for (let i = 0; i < n; i++) xs[i] = s.from + i * s.step;
  return xs;
}

// Series on one axis: data[0] the times, then one array per series.
export function toUplotData(sig, names) {
  const chosen = sig.series.filter((s) => !names || names.includes(s.name));
  if (!chosen.length) return { data: [[]], chosen };
  const xs = timeAxis(chosen[0]);
  return { data: [xs, ...chosen.map((s) => s.values.map((v) => (v === null ? null : Number(v))))], chosen };
}

function placeOverlays(u, marks) {
  const layer = u.root.querySelector('.dw-marks');
  layer.replaceChildren();
  const [xmin, xmax] = [u.scales.x.min, u.scales.x.max];
  // the x range in seconds, so that a mark's place can be checked against its times
  layer.dataset.xMin = String(xmin);
  layer.dataset.xMax = String(xmax);
  for (const m of marks) {
    const end = m.end ?? xmax;
    if (end < xmin || m.start > xmax) continue;
    const left = u.valToPos(Math.max(m.start, xmin), 'x');
    const right = u.valToPos(Math.min(end, xmax), 'x');
    const el = document.createElement(m.href ? 'a' : 'div');
    el.className = m.point ? `notice notice-${m.kind}` : `shade shade-${m.kind}`;
    el.dataset.kind = m.kind;
    el.dataset.start = isoTime(m.start);
    el.dataset.end = m.end === null || m.end === undefined ? '' : isoTime(m.end);
    if (m.id !== undefined) el.dataset.eventId = String(m.id);
    if (m.href) el.href = m.href;
    el.title = `${m.kind} ${isoTime(m.start)} – ${m.end ? isoTime(m.end) : 'ongoing'}${m.note ? ': ' + m.note : ''}`;
    el.style.left = `${left}px`;
    el.style.width = m.point ? '' : `${Math.max(2, right - left)}px`;
    layer.appendChild(el);
  }
}

// marks: [{ kind, start, end, point, id, href, note }]; onWindow(from, until) after a zoom or pan.
export function makeChart(container, sig, { names, marks = [], height = 300, onWindow, title } = {}) {
  const { data, chosen } = toUplotData(sig, names);
  const opts = {
    title,
    width: Math.max(320, container.clientWidth || 800),
    height,
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: true } },
    series: [
      { label: 'time (UTC)', value: (u, v) => (v === null ? '' : isoTime(v)) },
      ...chosen.map((s, i) => ({
        label: seriesLabel(s.name),
        stroke: COLORS[i % COLORS.length],
        width: 1.5,
        points: { show: false },
        scale: s.name === 'visible48s' || s.name === 'churn' || s.name === 'fullFeedPeers' ? s.name : 'y',
        show: i < 3,
      })),
    ],
    axes: [{}, { scale: 'y' }],
    hooks: {
      ready: [(u) => {
        const layer = document.createElement('div');
        layer.className = 'dw-marks';
        u.over.appendChild(layer);
        placeOverlays(u, marks);
      }],
      setScale: [(u, key) => {
        if (key !== 'x') return;
        if (u.root.querySelector('.dw-marks')) placeOverlays(u, marks);
        if (onWindow && u.dwReady) onWindow(Math.floor(u.scales.x.min), Math.ceil(u.scales.x.max));
      }],
    },
  };
  opts.tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
  const u = new uPlot(opts, data, container);
  container.dataset.from = isoTime(sig.from);
  container.dataset.until = isoTime(sig.until);
  u.dwReady = true;
  addPan(u);
  const resize = () => u.setSize({ width: Math.max(320, container.clientWidth), height });
  window.addEventListener('resize', resize);
  u.dwDestroy = () => window.removeEventListener('resize', resize);
  return u;
}

// Shift+drag pans, the wheel zooms around the cursor; double-click (uPlot) resets.
function addPan(u) {
  const over = u.over;
  over.addEventListener('mousedown', (e) => {
    if (!e.shiftKey) return;
    e.stopPropagation();
    e.preventDefault();
    const x0 = e.clientX;
    const { min, max } = u.scales.x;
    const perPx = (max - min) / over.clientWidth;
    const move = (ev) => {
      const d = (ev.clientX - x0) * perPx;
      u.setScale('x', { min: min - d, max: max - d });
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }, true);
  over.addEventListener('wheel', (e) => {
    e.preventDefault();
    const { min, max } = u.scales.x;
    const at = u.posToVal(e.offsetX, 'x');
    const f = e.deltaY < 0 ? 0.8 : 1.25;
    u.setScale('x', { min: at - (at - min) * f, max: at + (max - at) * f });
  }, { passive: false });
}
