// Builds the web pages: one script and one stylesheet, bundled and minified by esbuild, with a
// content hash in their names, and the index.html that loads them. No framework: the pages are
// plain TypeScript on the DOM, light enough for a first load well under 200 KB of script. Pages
// few people open (administration sections) are imported on demand: chunks of their own, loaded
// from /assets when first shown, so that they do not weigh on everyone's first load.
//
//   node web/build.mjs [output directory]     (default: web/dist)

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildWeb(outdir = join(here, 'dist')) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'src/main.ts')],
    outdir: join(outdir, 'assets'),
    entryNames: 'app-[hash]',
    chunkNames: 'chunk-[hash]',
    splitting: true,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    charset: 'utf8',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  // The entry's script (the chunks are imported by it), and its stylesheet. Pages imported on
  // demand are entry points too in esbuild's metafile: the script is main.ts's, by name.
  const script = basename(
    outputs.find(([f, o]) => f.endsWith('.js') && o.entryPoint?.endsWith('src/main.ts'))?.[0] ?? '',
  );
  const style = basename(outputs.find(([f]) => f.endsWith('.css'))?.[0] ?? '');
  const html = readFileSync(join(here, 'index.html'), 'utf8')
    .replace('%SCRIPT%', `/assets/${script}`)
    .replace('%STYLE%', `/assets/${style}`);
  writeFileSync(join(outdir, 'index.html'), html);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { outdir, script, style, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWeb(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(
    `pages : ${built.script} + ${built.style} (${Math.round(built.bytes / 1024)} Ko) dans ${built.outdir}`,
  );
}
