import { mayDo } from '#shared/domain/access';
import { HOUR_MODE_LABELS, sumHours } from '#shared/domain/hours';
import { all } from '../api';
import { ownPlie, type Session } from '../auth';
import { h, loading, notice, replace, select, table } from '../dom';
import { exportButtons } from '../export';
import { frenchDate, frenchDateTime, frenchMonth, hours, lastMonth } from '../format';
import { monthField } from '../month-field';
import { plies } from '../plies';
import type { Contract, HoursLine, Participant } from '../types';
import { voidLineDialog } from '../void-dialog';

// A month's hour lines, newest first: by PLIE or by contract, then narrowed to one participant
// or one statement. Each line can be voided (with its reason) by those who log hours.

interface StatementSummary {
  id: string;
  uploadedAt: string;
  lineCount: number;
}

export async function hourLinesPage(
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Lignes d’heures'), loading());
  const own = ownPlie(session);
  const plieMap = await plies();
  const month = params.get('mois') ?? lastMonth();
  const contractId = params.get('marche') ?? '';
  // Every PLIE unless one is chosen: the month's lines, all of them, as the dashboard counts them.
  const plieId = own ?? params.get('plie') ?? '';
  const linesOf = (plie: string) => {
    const query = new URLSearchParams({ month });
    if (contractId) query.set('contractId', contractId);
    if (plie) query.set('plieId', plie);
    return all<HoursLine>(`/api/hours?${query}`);
  };
  const [lines, contracts, people, statements] = await Promise.all([
    // The API lists a contract's or a PLIE's lines: every PLIE's are read one PLIE at a time.
    plieId || contractId
      ? linesOf(plieId)
      : Promise.all([...plieMap.keys()].map(linesOf)).then((each) => each.flat()),
    all<Contract>('/api/contracts'),
    all<Participant>(`/api/participants${plieId ? `?plieId=${plieId}` : ''}`),
    mayDo(session, 'hours:write')
      ? all<StatementSummary>('/api/statements').catch(() => [])
      : Promise.resolve([]),
  ]);
  const contractRef = new Map(contracts.map((c) => [c.id, c.reference]));
  const personRef = new Map(people.map((p) => [p.id, p.ref]));
  const statementName = new Map(
    statements.map((s) => [s.id, `Relevé du ${frenchDate(s.uploadedAt)} (${s.lineCount} lignes)`]),
  );
  const newestFirst = [...lines].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const canWrite = mayDo(session, 'hours:write');

  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams({ mois: month, marche: contractId, plie: plieId, ...changes });
    for (const [key, value] of [...next.entries()]) if (!value) next.delete(key);
    location.hash = `#/heures?${next}`;
  };
  const monthInput = monthField('Mois', { id: 'lines-month', value: month, max: lastMonth() });
  monthInput.onChange((chosen) => go({ mois: chosen }));
  const plieSelect = own
    ? null
    : select(
        'plie',
        [
          ['', 'Tous les PLIE'],
          ...[...plieMap.values()].map((p) => [p.id, p.name] as [string, string]),
        ],
        plieId,
        {
          id: 'lines-plie',
          onchange: (e: Event) => go({ plie: (e.target as HTMLSelectElement).value }),
        },
      );
  const contractSelect = select(
    'marche',
    [
      ['', 'Tous les marchés'],
      ...contracts.map((c) => [c.id, `${c.reference} — ${c.title}`] as [string, string]),
    ],
    contractId,
    {
      id: 'lines-contract',
      onchange: (e: Event) => go({ marche: (e.target as HTMLSelectElement).value }),
    },
  );
  const personSelect = select(
    'participant',
    [
      ['', 'Tous'],
      ['aucun', 'Sans participant'],
      ...people.map((p) => [p.id, p.ref] as [string, string]),
    ],
    '',
    { id: 'lines-person' },
  );
  const origins: [string, string][] = [
    ['', 'Toutes'],
    ['formulaire', 'Saisie au formulaire'],
    ...[...new Set(lines.map((l) => l.statementId).filter((s): s is string => !!s))].map(
      (id) => [id, statementName.get(id) ?? 'Relevé importé'] as [string, string],
    ),
  ];
  // A statement's « Voir ses lignes » comes here with its id: the list opens narrowed to it.
  const chosenOrigin = params.get('origine') ?? '';
  const originSelect = select(
    'origine',
    origins,
    origins.some(([value]) => value === chosenOrigin) ? chosenOrigin : '',
    { id: 'lines-origin' },
  );

  const shown = () =>
    newestFirst.filter((l) => {
      const p = personSelect.value;
      if (p === 'aucun' ? l.participantId !== null : p && l.participantId !== p) return false;
      const o = originSelect.value;
      if (o === 'formulaire' ? l.statementId !== null : o && l.statementId !== o) return false;
      return true;
    });
  const origin = (l: HoursLine) =>
    l.statementId
      ? `${statementName.get(l.statementId) ?? 'Relevé importé'}, ligne ${l.statementLine}`
      : 'Formulaire';
  const results = h('div', null);
  const status = h('p', { role: 'status', class: 'muted' });
  const draw = () => {
    const rows = shown();
    // Narrowed to a person or an origin, the count says what the month holds beside it.
    const count = (list: HoursLine[]) =>
      `${list.length} ligne${list.length > 1 ? 's' : ''} · ${hours(sumHours(list.filter((l) => l.status === 'active').map((l) => l.hours)))} actives`;
    status.textContent =
      rows.length < newestFirst.length
        ? `${count(rows)} (filtrées sur ${count(newestFirst)})`
        : count(rows);
    replace(
      results,
      rows.length
        ? table(
            [
              'Saisie le',
              'Marché',
              'PLIE',
              'Participant',
              ['Heures', 'num'],
              'Modalité',
              'Origine',
              'État',
            ],
            rows.map((l) => {
              const state = h(
                'td',
                null,
                l.status === 'voided'
                  ? h('span', { class: 'tag void', title: l.voidReason ?? '' }, 'annulée')
                  : h('span', { class: 'tag ok' }, 'active'),
              );
              if (canWrite && l.status === 'active')
                state.append(
                  ' ',
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      'aria-label': `Annuler la ligne de ${hours(l.hours)} du ${frenchDate(l.createdAt)}`,
                      onclick: async () => {
                        const summary = `${frenchMonth(l.month)} · ${contractRef.get(l.contractId) ?? ''} · ${plieMap.get(l.plieId)?.name ?? l.plieId} · ${hours(l.hours)} · ${HOUR_MODE_LABELS[l.mode]}`;
                        if (!(await voidLineDialog(l.id, summary))) return;
                        l.status = 'voided';
                        draw();
                      },
                    },
                    'Annuler',
                  ),
                );
              return h(
                'tr',
                null,
                h('td', null, frenchDateTime(l.createdAt)),
                h(
                  'td',
                  null,
                  h(
                    'a',
                    { href: `#/marches/${l.contractId}` },
                    contractRef.get(l.contractId) ?? 'marché',
                  ),
                ),
                h('td', null, plieMap.get(l.plieId)?.name ?? l.plieId),
                h('td', null, l.participantId ? (personRef.get(l.participantId) ?? 'effacé') : '—'),
                h('td', { class: 'num' }, hours(l.hours)),
                h('td', null, HOUR_MODE_LABELS[l.mode]),
                h('td', null, origin(l)),
                state,
              );
            }),
            'Lignes d’heures',
          )
        : notice('info', `Aucune ligne pour ${frenchMonth(month)} avec ces critères.`),
    );
  };
  personSelect.addEventListener('change', draw);
  originSelect.addEventListener('change', draw);
  // What the list holds, in its heading: no filter goes unsaid.
  const scope = [
    plieId ? (plieMap.get(plieId)?.name ?? plieId) : 'tous les PLIE',
    contractId ? (contractRef.get(contractId) ?? 'un marché') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const labelled = (label: string, id: string, control: HTMLElement) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control);
  replace(
    main,
    h('h1', null, `Lignes d’heures — ${frenchMonth(month)} — ${scope}`),
    h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'filters' },
        monthInput.element,
        plieSelect ? labelled('PLIE', 'lines-plie', plieSelect) : null,
        labelled('Marché', 'lines-contract', contractSelect),
        labelled('Participant', 'lines-person', personSelect),
        labelled('Origine', 'lines-origin', originSelect),
      ),
    ),
    h(
      'div',
      { class: 'row between' },
      status,
      exportButtons({
        name: `heures-${month}`,
        headers: [
          'Saisie le',
          'Marché',
          'PLIE',
          'Participant',
          'Mois',
          'Heures',
          'Modalité',
          'Origine',
          'État',
          'Motif d’annulation',
        ],
        rows: () =>
          shown().map((l) => [
            frenchDate(l.createdAt),
            contractRef.get(l.contractId) ?? '',
            plieMap.get(l.plieId)?.name ?? l.plieId,
            l.participantId ? (personRef.get(l.participantId) ?? 'effacé') : '',
            frenchMonth(l.month),
            l.hours,
            HOUR_MODE_LABELS[l.mode],
            origin(l),
            l.status === 'voided' ? 'annulée' : 'active',
            l.voidReason ?? '',
          ]),
      }),
    ),
    results,
  );
  draw();
}
