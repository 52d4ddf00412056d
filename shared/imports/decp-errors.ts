import { csvText } from '#shared/report/render-csv';

// A DECP file's refused records, grouped by why: a national file refuses thousands, mostly for
// a handful of reasons (a SIREN for a SIRET, a missing date). The reason is the message with
// what varies from one record to the next set aside: quoted values, numbers, a list in brackets.

export interface DecpRefusal {
  /** The record's place in the file as sent (0 first, concessions counted). */
  index: number;
  id?: string;
  message: string;
}

export interface DecpErrorGroup {
  reason: string;
  count: number;
  /** The first record refused for it, to look at in the file. */
  example: DecpRefusal;
}

/** How many reasons a result lists: beyond, the last group says « autres raisons ». */
export const MAX_ERROR_GROUPS = 100;
const OTHER_REASONS = 'autres raisons';

/** A message without its particulars: « 19/10/2022 » reçu, n° 7, (TVA ES…) become « … », n° N, (…). */
export function refusalReason(message: string): string {
  return message
    .replace(/«[^»]*»/g, '« … »')
    .replace(/\(([^()]*\d[^()]*)\)/g, '(…)')
    .replace(/\d+/g, 'N')
    .slice(0, 300);
}

/** The groups, most frequent first (ties: the reason met first in the file). */
export function groupRefusals(refusals: readonly DecpRefusal[]): DecpErrorGroup[] {
  const groups = new Map<string, DecpErrorGroup>();
  for (const refusal of refusals) {
    const reason = refusalReason(refusal.message);
    const group = groups.get(reason);
    if (group) group.count += 1;
    else groups.set(reason, { reason, count: 1, example: refusal });
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
  if (sorted.length <= MAX_ERROR_GROUPS) return sorted;
  const rest = sorted.slice(MAX_ERROR_GROUPS - 1);
  return [
    ...sorted.slice(0, MAX_ERROR_GROUPS - 1),
    {
      reason: OTHER_REASONS,
      count: rest.reduce((sum, group) => sum + group.count, 0),
      example: rest[0]?.example as DecpRefusal,
    },
  ];
}

/**
 * Every refused record, one line each, for a spreadsheet: `;`, a byte order mark for Excel's
 * accents, ranks counted from 1 as people count.
 */
export function refusalsCsv(refusals: readonly DecpRefusal[]): string {
  const lines = [['Rang dans le fichier', 'Identifiant', 'Raison', 'Message'].join(';')];
  for (const refusal of refusals) {
    lines.push(
      [
        String(refusal.index + 1),
        csvText(refusal.id ?? ''),
        csvText(refusalReason(refusal.message)),
        csvText(refusal.message),
      ].join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
