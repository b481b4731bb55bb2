// build.mjs - `make editor`: bundles src/main.js with Tiptap into
// ../static/vendor/bien-tap.js, minifies src/bien-tap.css into
// ../static/vendor/bien-tap.css, and collects the licence of every
// package that went into the bundle into ../static/vendor/LICENSES.txt.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'static', 'vendor');
fs.mkdirSync(out, { recursive: true });

const js = await esbuild.build({
  entryPoints: [path.join(here, 'src', 'main.js')],
  outfile: path.join(out, 'bien-tap.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none', // the licences are in LICENSES.txt
  metafile: true,
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: [path.join(here, 'src', 'bien-tap.css')],
  outfile: path.join(out, 'bien-tap.css'),
  bundle: true,
  minify: true,
  logLevel: 'warning',
});

// The packages whose code is in the bundle, by the files esbuild read.
const packages = new Map();
for (const input of Object.keys(js.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m || packages.has(m[1])) continue;
  const dir = path.join(here, 'node_modules', m[1]);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  if (!file) throw new Error(`${m[1]}: no licence file in its package`);
  packages.set(m[1], { version: pkg.version, license: pkg.license, text: fs.readFileSync(path.join(dir, file), 'utf8') });
}
const names = [...packages.keys()].sort();
let text = 'Third-party code in bien-tap.js (built by `make editor` from editor/package-lock.json).\n\n';
for (const name of names) {
  const p = packages.get(name);
  text += `${'='.repeat(72)}\n${name} ${p.version} (${p.license})\n${'='.repeat(72)}\n\n${p.text.trim()}\n\n`;
}
fs.writeFileSync(path.join(out, 'LICENSES.txt'), text);
console.log(`bien-tap.js ${fs.statSync(path.join(out, 'bien-tap.js')).size} bytes, ${names.length} packages: ${names.join(', ')}`);
