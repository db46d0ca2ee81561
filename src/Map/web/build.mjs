// Bundles the viewer with esbuild into dist/: MapLibre GL JS, its CSS, the shared styles (../Styles/styles.json), our code.
// Output names carry a content hash so the Api can let browsers keep them forever; index.html points at them.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
// MapLibre runs its tile parsing in a module worker shipped beside its main file; serve it ourselves, named by version.
const { version } = JSON.parse(readFileSync('node_modules/maplibre-gl/package.json', 'utf8'));
const worker = `maplibre-gl-worker-${version}.mjs`;
copyFileSync('node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs', `dist/${worker}`);
const result = await esbuild.build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['es2022'],
  outdir: 'dist',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  define: { __WORKER_URL__: JSON.stringify(`/${worker}`) },
});
const outputs = Object.keys(result.metafile.outputs).map((p) => p.replace(/^dist\//, ''));
const js = outputs.find((p) => p.endsWith('.js'));
const css = outputs.find((p) => p.endsWith('.css'));
const html = readFileSync('src/index.html', 'utf8').replace('%MAIN_JS%', js).replace('%MAIN_CSS%', css);
writeFileSync('dist/index.html', html);
console.log(`viewer built: ${js}, ${css}`);
