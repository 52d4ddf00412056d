/** Builds the pages into `outdir` (default web/dist): index.html and hashed assets. */
export function buildWeb(
  outdir?: string,
): Promise<{ outdir: string; script: string; style: string; bytes: number }>;
