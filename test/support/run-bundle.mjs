// Loads a Lambda bundle as the Lambda runtime does (the ES module `index.mjs`, `index.handler`,
// environment set before the module loads) and runs it on the events read from stdin; prints the results.
//   node run-bundle.mjs <bundle directory>   < events.json
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir] = process.argv.slice(2);
const events = JSON.parse(await new Response(process.stdin).text());
const started = performance.now();
const { handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href);
const initMs = performance.now() - started;
const context = {
  awsRequestId: 'bundle-test',
  functionName: 'bundle-test',
  getRemainingTimeInMillis: () => 30_000,
};
const results = [];
for (const event of events) {
  try {
    results.push({ ok: await handler(event, context) });
  } catch (error) {
    results.push({ error: String(error?.message ?? error), stack: error?.stack });
  }
}
process.stdout.write(JSON.stringify({ initMs, results }));
