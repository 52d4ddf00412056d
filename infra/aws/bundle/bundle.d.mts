/** Bundles a Lambda entry point into `outdir/index.mjs` (see bundle.mjs). */
export function bundle(
  entry: string,
  outdir: string,
  metafile?: string,
  pages?: boolean,
): Promise<unknown>;
export const zodLocales: unknown;
/** Modules bundled into a file of their own beside index.mjs: import name → source file. */
export const SIDE_MODULES: Record<string, string>;
