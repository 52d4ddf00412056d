// Bundles one Lambda entry point with esbuild: the AWS SDK inside the bundle (faster to load
// than the runtime's copy), source maps, and only the zod locales the product speaks (zod 4
// otherwise pulls in all ~50 of them, half the bundle). ES modules (`index.mjs`, which Lambda's
// Node runtime loads as such), from the packages' ES builds: 19 % smaller than CommonJS from
// their CommonJS builds, and measured 13 % faster to import with 18 % less memory (issue 15). Plain JavaScript so that CDK's local
// bundling can run it with node, without Docker and without a TypeScript loader.
//
//   node infra/aws/bundle/bundle.mjs <entry.ts> <output directory> [metafile.json] [--with-pages]

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildWeb } from '../../../web/build.mjs';

/** Locales the product uses: French for its users, English as zod's own default. */
const LOCALES = ['en', 'fr'];

export const zodLocales = {
  name: 'zod-locales',
  setup(esbuild) {
    const require = createRequire(import.meta.url);
    const localesDir = dirname(require.resolve('zod/v4/locales/fr.js'));
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('zod', 'v4')}`)
        ? { path: 'locales', namespace: 'zod-locales' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: LOCALES.map(
        (l) => `export { default as ${l} } from ${JSON.stringify(join(localesDir, `${l}.js`))};`,
      ).join('\n'),
      resolveDir: localesDir,
      loader: 'js',
    }));
  },
};

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../..');

/** Modules bundled into a file of their own beside index.mjs, imported on first use. */
export const SIDE_MODULES = {
  '#shared/jobs/aws-clients': 'shared/jobs/aws-clients.ts',
  '#shared/identity/cognito-calls': 'shared/identity/cognito-calls.ts',
};

/**
 * Leaves the side modules out of index.mjs (an `import()` of them imports the sibling file)
 * and notes which ones the entry uses, to build them next.
 */
function sideModules(used) {
  return {
    name: 'side-modules',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^#shared\// }, (args) => {
        if (!(args.path in SIDE_MODULES)) return undefined;
        used.add(args.path);
        return { path: `./${args.path.split('/').pop()}.mjs`, external: true };
      });
    },
  };
}

/**
 * Makes every module the code imports on demand (`import()`: a route group, the DECP reader, the
 * SDK's other credential providers) import the entry point first. esbuild's code splitting puts
 * each module in a chunk named by the set of entry points that reach it, and counts each
 * `import()` as an entry point of its own: the modules the function's init loads were spread over
 * 33 files (each reached by the init and a different subset of the route groups), each read,
 * compiled and linked apart (≈ 0.2 ms a file here, bench/RESULTS.md, issue 26). Reached from
 * every on-demand module too, they share one set, so one chunk: the init reads two files.
 * Nothing runs twice or earlier: an on-demand module is imported by code the entry's own
 * evaluation set up, so the entry has been evaluated by then, and a module is evaluated once.
 */
function initTogether(entry) {
  return {
    name: 'init-together',
    setup(esbuild) {
      esbuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.initTogether) return undefined;
        const target = await esbuild.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { initTogether: true },
        });
        // Node's own modules and the side modules stay outside the bundle.
        if (target.errors.length > 0 || target.external || !target.path) return undefined;
        // Named by its path from the project root, so that the bundle and its asset hash do not
        // depend on where it was built.
        return {
          path: relative(ROOT, target.path),
          namespace: 'init-together',
          pluginData: { target: target.path },
        };
      });
      esbuild.onLoad({ filter: /.*/, namespace: 'init-together' }, (args) => {
        const target = JSON.stringify(args.pluginData.target);
        // `export *` leaves out a default export: re-exported by name when the module has one.
        const hasDefault = /\bexport\s+default\b|\bas\s+default\b/.test(
          readFileSync(args.pluginData.target, 'utf8'),
        );
        return {
          contents: [
            `import ${JSON.stringify(entry)};`,
            `export * from ${target};`,
            ...(hasDefault ? [`export { default } from ${target};`] : []),
          ].join('\n'),
          resolveDir: dirname(args.pluginData.target),
          loader: 'js',
        };
      });
    },
  };
}

/**
 * esbuild writes a map's sources relative to the map (`../../shared/…` from cdk.out, deeper
 * from a temporary directory); they are made relative to the project root instead, so that a
 * logged stack names `shared/store/contracts.ts:42` wherever the bundle was built
 * (functions/source-stack.ts), and the asset's hash does not depend on where that was.
 */
function rootRelativeSources(outdir) {
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.map'))) {
    const path = join(outdir, file);
    const map = JSON.parse(readFileSync(path, 'utf8'));
    // A plugin's virtual module (`zod-locales:locales`) is named by its namespace, not a path.
    map.sources = map.sources.map((source) =>
      /^[\w-]+:/.test(source) ? source : relative(ROOT, resolve(outdir, source)),
    );
    writeFileSync(path, JSON.stringify(map));
  }
}

/**
 * Bundles `entry` into `outdir/index.mjs` and its chunks; `metafile`, when given, receives esbuild's analysis.
 * With `pages`, the web pages are built beside it (`outdir/web`), for the API function to serve.
 */
export async function bundle(entry, outdir, metafile, pages = false) {
  mkdirSync(outdir, { recursive: true });
  const used = new Set();
  const options = {
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // The packages' ES builds (the SDK's dist-es): smaller than their CommonJS builds.
    mainFields: ['module', 'main'],
    // CommonJS code left in some packages calls require() for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    minify: true,
    // No keepNames: it adds a defineProperty call per function at load (~14 ms of cold start);
    // the source maps give stack traces their names back.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'external',
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
  };
  const result = await build({
    ...options,
    entryPoints: [{ in: resolve(entry), out: 'index' }],
    outdir,
    outExtension: { '.js': '.mjs' },
    // A module the code imports with `import()` (the API's route groups, the XLSX writer…)
    // becomes a chunk of its own, compiled only when first imported: a cold start parses what
    // its first request needs, not the whole function (issue 15).
    splitting: true,
    chunkNames: 'chunk-[hash]',
    plugins: [zodLocales, sideModules(used), initTogether(resolve(entry))],
  });
  for (const name of used) {
    await build({
      ...options,
      entryPoints: [join(ROOT, SIDE_MODULES[name])],
      outfile: join(outdir, `${name.split('/').pop()}.mjs`),
      metafile: false,
      plugins: [zodLocales],
    });
  }
  rootRelativeSources(outdir);
  if (metafile) writeFileSync(metafile, JSON.stringify(result.metafile));
  if (pages) await buildWeb(join(outdir, 'web'));
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const pages = args.includes('--with-pages');
  const [entry, outdir, metafile] = args.filter((a) => a !== '--with-pages');
  if (!entry || !outdir) {
    console.error(
      'usage: node bundle.mjs <entry.ts> <output directory> [metafile.json] [--with-pages]',
    );
    process.exit(2);
  }
  await bundle(entry, outdir, metafile, pages);
}
