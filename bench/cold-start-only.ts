import { coldStartBenchmark, describeColdStart } from './cold-start';

// The cold-start benchmark alone, on whatever Node runs this file: `npm run bench:cold-start`
// measures it on the project's Node 24 (what Lambda runs); `node node_modules/tsx/dist/cli.mjs
// bench/cold-start-only.ts` on the machine's own Node, to compare runtimes. Nothing is written.

console.log(`Node ${process.version}`);
console.log(describeColdStart(await coldStartBenchmark()));
