// Development server: rebuilds the bundle on every change (esbuild watch) and
// serves it on http://127.0.0.1:8081/, passing /v2/... to a running
// `darkwatch serve` (default http://127.0.0.1:8080). Reload the page to see a change.
// Usage: npm ci && node dev.mjs [API_URL] [PORT]
import * as esbuild from 'esbuild';
import http from 'node:http';
import { readFile, mkdir, copyFile, watch } from 'node:fs/promises';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const api = new URL(process.argv[2] || 'http://127.0.0.1:8080');
const port = Number(process.argv[3] || 8081);
const dist = path.join(here, 'dist');
await mkdir(path.join(dist, 'assets'), { recursive: true });
const copyIndex = () => copyFile(path.join(here, 'src', 'index.html'), path.join(dist, 'index.html'));
await copyIndex();
(async () => { for await (const e of watch(path.join(here, 'src'))) if (e.filename === 'index.html') await copyIndex(); })();
const ctx = await esbuild.context({
  entryPoints: [path.join(here, 'src', 'main.js')], bundle: true, sourcemap: true, target: 'es2020',
  format: 'iife', entryNames: 'app', outdir: path.join(dist, 'assets'), logLevel: 'info',
});
await ctx.watch();

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
http.createServer(async (req, res) => {
  if (req.url.startsWith('/v2/')) {
    const up = http.request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => { res.writeHead(502); res.end(`darkwatch serve at ${api}: ${e.message}`); });
    req.pipe(up);
    return;
  }
  const rel = req.url.split('?')[0] === '/' ? 'index.html' : path.normalize(req.url.split('?')[0]).replace(/^\/+/, '');
  try {
    const body = await readFile(path.join(dist, rel));
    res.writeHead(200, { 'Content-Type': types[path.extname(rel)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`dashboard on http://127.0.0.1:${port}/, API from ${api}`));
