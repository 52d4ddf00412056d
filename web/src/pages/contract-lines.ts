import { actorName } from '#shared/domain/access';
import { HOUR_MODE_LABELS } from '#shared/domain/hours';
import { ApiError, api } from '../api';
import { ACTION_LABELS } from '../change-labels';
import { h, notice, replace, table } from '../dom';
import { withExport } from '../export';
import { frenchDateTime, frenchMonth, hours } from '../format';
import type { Change, HoursLine, Page } from '../types';
import { voidLineDialog } from '../void-dialog';
import { duplicateMonthsNotice } from './contract-duplicates';

// A contract's hour lines on its page, 50 at a time; for those who log hours, each line's
// history and a way to void it.

/** Draws into `box` the page of lines after `cursor` (the first page when null). */
export async function showLines(
  box: HTMLElement,
  contractId: string,
  names: Map<string, string>,
  canWrite: boolean,
  cursor: string | null,
  /** Runs once a line is voided, to redraw the figures the line counted in. */
  changed: () => Promise<void> = async () => {},
  /** What an empty list says (a coordinator's: the hours are other PLIEs'). */
  empty = 'Aucune ligne.',
): Promise<void> {
  const page = await api<Page<HoursLine>>(
    'GET',
    `/api/hours?contractId=${contractId}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  // Above the first page: the months that hold possible duplicates, once the lines are read.
  const duplicates = h('div', { 'aria-live': 'polite' });
  if (cursor === null) {
    void duplicateMonthsNotice(contractId).then((found) => {
      if (found) duplicates.append(found);
    });
  }
  const rows = page.items
    .slice()
    .reverse()
    .map((line) => {
      const row = h(
        'tr',
        null,
        h('td', null, frenchMonth(line.month)),
        h('td', null, names.get(line.plieId) ?? line.plieId),
        h('td', { class: 'num' }, hours(line.hours)),
        h('td', { class: 'hide-small' }, HOUR_MODE_LABELS[line.mode]),
        h(
          'td',
          null,
          line.status === 'voided'
            ? h('span', { class: 'tag void', title: line.voidReason ?? '' }, 'annulée')
            : h('span', { class: 'tag ok' }, 'active'),
        ),
        h('td', null, actions(line)),
      );
      return row;
    });
  function actions(line: HoursLine): HTMLElement {
    const box = h('div', null);
    // The change log is for procurement and administrators.
    if (canWrite)
      box.append(
        h(
          'button',
          { type: 'button', class: 'link', onclick: async () => showHistory(box, line.id) },
          'Historique',
        ),
      );
    if (canWrite && line.status === 'active') {
      box.append(
        ' · ',
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: async () => {
              const summary = `${frenchMonth(line.month)} · ${names.get(line.plieId) ?? line.plieId} · ${hours(line.hours)} · ${HOUR_MODE_LABELS[line.mode]}`;
              if (!(await voidLineDialog(line.id, summary))) return;
              replace(
                box.closest('tr')?.children[4] as Element,
                h('span', { class: 'tag void' }, 'annulée'),
              );
              box.querySelectorAll('button')[1]?.remove();
              await changed();
            },
          },
          'Annuler',
        ),
      );
    }
    return box;
  }
  replace(
    box,
    cursor === null ? duplicates : null,
    rows.length
      ? withExport(
          table(
            ['Mois', 'PLIE', ['Heures', 'num'], 'Modalité', 'État', ''],
            rows,
            'Lignes d’heures du marché',
          ),
          'lignes-marche',
          'Exporter les lignes affichées',
        )
      : notice('info', empty),
    page.nextCursor
      ? h(
          'div',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () =>
                void showLines(box, contractId, names, canWrite, page.nextCursor, changed, empty),
            },
            'Lignes suivantes',
          ),
        )
      : null,
  );
}

async function showHistory(box: HTMLElement, lineId: string): Promise<void> {
  const existing = box.querySelector('ul');
  if (existing) {
    existing.remove();
    return;
  }
  try {
    const history = await api<Page<Change>>('GET', `/api/hours/${lineId}/history`);
    box.append(
      h(
        'ul',
        { class: 'muted' },
        history.items.map((c) =>
          h(
            'li',
            null,
            `${frenchDateTime(c.at)} — ${ACTION_LABELS[c.action] ?? c.action} par ${actorName(c.actor)}${c.reason ? ` : « ${c.reason} »` : ''}`,
          ),
        ),
      ),
    );
  } catch (error) {
    box.append(
      h('p', { class: 'error' }, error instanceof ApiError ? error.detail : String(error)),
    );
  }
}

/**
 * What a contract's empty list of lines says. A coordinator reads only her PLIE's lines: under
 * the contract's 957,5 h realised, « Aucune ligne. » read as lost lines when the hours were all
 * other PLIEs'.
 */
export function emptyLinesText(
  contract: { hoursLogged: number; hoursByPlie: { plieId: string; hoursLogged: number }[] },
  coordinatorOf: string | undefined,
): string {
  if (coordinatorOf === undefined || contract.hoursLogged <= 0) return 'Aucune ligne.';
  const hers = contract.hoursByPlie.some((p) => p.plieId === coordinatorOf && p.hoursLogged > 0);
  return hers
    ? 'Aucune ligne.'
    : `Aucune ligne de votre PLIE sur ce marché : ses ${hours(contract.hoursLogged)} sont celles d’autres PLIE, que vous ne voyez pas.`;
}
