import { HOUR_MODES } from '#shared/domain/hours';
import { STATEMENT_COLUMNS } from '#shared/imports/statement';
/** A monthly statement of `count` lines over the given contracts, PLIEs and months. */
export function statementCsv(options: {
  count: number;
  contracts: string[];
  plies: string[];
  months: string[];
  participants?: Record<string, string[]>;
  delimiter?: ',' | ';';
}): { csv: string; totalHours: number } {
  const d = options.delimiter ?? ';';
  const modes = HOUR_MODES;
  const rows = STATEMENT_COLUMNS.join(d);
  const lines = [rows];
  let totalHours = 0;
  for (let i = 0; i < options.count; i++) {
    const plie = options.plies[i % options.plies.length] as string;
    const people = options.participants?.[plie] ?? [];
    const hours = ((i * 37) % 600) / 4 + 0.25;
    totalHours += hours;
    const written = d === ';' ? String(hours).replace('.', ',') : String(hours);
    lines.push(
      [
        options.contracts[i % options.contracts.length],
        plie,
        people.length ? people[i % people.length] : '',
        options.months[i % options.months.length],
        written,
        modes[i % modes.length],
      ].join(d),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, totalHours };
}
