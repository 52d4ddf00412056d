// One JSON line per event on stderr, the shape CloudWatch Logs Insights reads. The API function
// uses this rather than Powertools' logger: it logs only errors, and Powertools would add ~8 ms
// to every cold start for that (bench/cold-start.ts).

export function logJson(
  level: 'INFO' | 'WARN' | 'ERROR',
  message: string,
  details: Record<string, unknown> = {},
): void {
  const line: Record<string, unknown> = {
    level,
    message,
    service: process.env.POWERTOOLS_SERVICE_NAME ?? 'clause-tracker',
    timestamp: new Date().toISOString(),
    ...details,
  };
  for (const [key, value] of Object.entries(line)) {
    if (value instanceof Error)
      line[key] = { name: value.name, message: value.message, stack: value.stack };
  }
  console.error(JSON.stringify(line));
}
