import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

// Stack traces in the TypeScript sources' terms, for the errors the functions log. Node's
// `--enable-source-maps` would do it for every stack, but it reads every bundle file's source
// map as the file loads: 13 ms of each cold start (bench/RESULTS.md, issue 26), paid whether or
// not anything goes wrong. Here a map is read only when a logged error has a frame in its file,
// once per execution environment. The bundles ship `<file>.map` beside each file
// (infra/aws/bundle/bundle.mjs), its sources relative to the project root.

const maps = new Map<string, SourceMap | null>();

/** The source map beside a bundle file, or null when it has none (Node's own modules, tsx). */
function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      const path = file.startsWith('file://') ? fileURLToPath(file) : file;
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

// `    at name (file:///var/task/chunk-X.mjs:1:2345)`, `    at async name (…)`, `    at file:…:1:2`
const FRAME = /^(\s+at (?:async )?)(?:(.+?) \()?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/;

interface Frame {
  prefix: string;
  name: string | undefined;
  file: string;
  line: number;
  column: number;
}

/** A stack with each bundle frame replaced by its place in the sources; other lines kept. */
export function sourceStack(stack: string): string {
  const lines = stack.split('\n');
  const frames = lines.map((text): Frame | null => {
    const m = FRAME.exec(text);
    return m
      ? {
          prefix: m[1] as string,
          name: m[2],
          file: m[3] as string,
          line: Number(m[4]),
          column: Number(m[5]),
        }
      : null;
  });
  const origin = (frame: Frame | null | undefined) => {
    const map = frame && mapOf(frame.file);
    if (!map || !frame) return null;
    const found = map.findOrigin(frame.line, frame.column);
    return 'fileName' in found ? found : null;
  };
  return lines
    .map((text, i) => {
      const frame = frames[i];
      const at = origin(frame);
      if (!frame || !at) return text;
      // A minified function's name says nothing: the original one is the name the caller
      // (the next frame) called it by, as Node's own mapping finds it. Methods keep their
      // names in the bundle, and the caller's call site names no renamed identifier then.
      const name = origin(frames[i + 1])?.name || frame.name || '<anonymous>';
      return `${frame.prefix}${name} (${at.fileName}:${at.lineNumber}:${at.columnNumber})`;
    })
    .join('\n');
}

/** Rewrites an error's stack (and its causes') in the sources' terms, in place; returns it. */
export function withSourceStack<T>(error: T): T {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (typeof current.stack === 'string') current.stack = sourceStack(current.stack);
    current = current.cause;
  }
  return error;
}

/** A handler whose thrown errors reach the runtime's log with their stacks mapped. */
export function mappingThrownStacks<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw withSourceStack(error);
    }
  };
}
