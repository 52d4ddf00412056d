import { actorName } from '#shared/domain/access';
import { parisDate } from '#shared/domain/calendar';
import { all } from '../api';
import { ACTION_LABELS, ENTITY_LABELS, entityHref } from '../change-labels';
import { h, loading, notice, replace, select, table } from '../dom';
import { exportButtons } from '../export';
import { frenchDate, frenchDateTime } from '../format';
import { plies } from '../plies';
import type { Change, Contract } from '../types';

// The change log: who changed what, when and why — a day at a time, or one object's whole
// history (a contract, a participant). Newest first.

export async function changesPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const entityType = params.get('type') ?? '';
  const entityId = params.get('id') ?? '';
  const day = params.get('jour') ?? parisDate(new Date());
  replace(main, h('h1', null, 'Journal des modifications'), loading());
  const query = entityId
    ? `/api/changes?entityType=${encodeURIComponent(entityType)}&entityId=${encodeURIComponent(entityId)}`
    : `/api/changes?day=${day}`;
  const changes = (await all<Change>(query)).reverse();
  // Objects are named as users know them: a contract by its reference, a PLIE by its name.
  const [contracts, plieMap] = await Promise.all([
    changes.some((c) => c.entityType === 'contract')
      ? all<Contract>('/api/contracts')
      : Promise.resolve([]),
    plies(),
  ]);
  const references = new Map(contracts.map((c) => [c.id, c.reference]));
  const objectName = (c: Change) => {
    const kind = ENTITY_LABELS[c.entityType] ?? c.entityType;
    const name =
      c.entityType === 'contract'
        ? references.get(c.entityId)
        : c.entityType === 'plie'
          ? plieMap.get(c.entityId)?.name
          : c.entityType === 'funding-convention' || c.entityType === 'allocation-weights'
            ? c.entityId
            : undefined;
    return name ? `${kind} ${name}` : kind;
  };
  const dayInput = h('input', {
    type: 'date',
    id: 'journal-day',
    value: day,
    max: parisDate(new Date()),
  });
  dayInput.addEventListener('change', () => {
    if (dayInput.value) location.hash = `#/journal?jour=${dayInput.value}`;
  });
  const kind = select(
    'type',
    [['', 'Tous'], ...Object.entries(ENTITY_LABELS)],
    entityId ? entityType : '',
    { id: 'journal-type' },
  );
  const results = h('div', null);
  const status = h('p', { role: 'status', class: 'muted' });
  const shown = () =>
    entityId || !kind.value ? changes : changes.filter((c) => c.entityType === kind.value);
  const draw = () => {
    const rows = shown();
    status.textContent = `${rows.length} modification${rows.length > 1 ? 's' : ''}`;
    replace(
      results,
      rows.length
        ? table(
            ['Quand', 'Qui', 'Objet', 'Action', 'Motif'],
            rows.map((c) => {
              const href = entityHref(c.entityType, c.entityId);
              const label = objectName(c);
              return h(
                'tr',
                null,
                h('td', null, frenchDateTime(c.at)),
                h('td', null, actorName(c.actor)),
                h('td', null, href ? h('a', { href }, label) : label),
                h('td', null, ACTION_LABELS[c.action] ?? c.action),
                h('td', null, c.reason ?? ''),
              );
            }),
            'Modifications',
          )
        : notice(
            'info',
            entityId
              ? 'Aucune modification enregistrée pour cet objet.'
              : 'Aucune modification ce jour-là.',
          ),
    );
  };
  kind.addEventListener('change', draw);
  replace(
    main,
    h(
      'h1',
      null,
      entityId
        ? `Historique — ${changes[0] ? objectName(changes[0]) : (ENTITY_LABELS[entityType] ?? 'objet')}`
        : 'Journal des modifications',
    ),
    entityId
      ? h('p', null, h('a', { href: '#/journal' }, 'Voir le journal du jour'))
      : h(
          'div',
          { class: 'row' },
          h('div', { class: 'field narrow' }, h('label', { for: 'journal-day' }, 'Jour'), dayInput),
          h('div', { class: 'field narrow' }, h('label', { for: 'journal-type' }, 'Objet'), kind),
        ),
    h(
      'div',
      { class: 'row between' },
      status,
      exportButtons({
        name: entityId ? `historique-${entityType}` : `journal-${day}`,
        headers: ['Quand', 'Qui', 'Rôle', 'Objet', 'Identifiant', 'Action', 'Motif'],
        rows: () =>
          shown().map((c) => [
            frenchDateTime(c.at),
            actorName(c.actor),
            c.actor.role,
            objectName(c),
            c.entityId,
            ACTION_LABELS[c.action] ?? c.action,
            c.reason ?? '',
          ]),
      }),
    ),
    results,
    entityId
      ? null
      : h(
          'p',
          { class: 'muted' },
          `Les modifications du ${frenchDate(day)}, les plus récentes d’abord.`,
        ),
  );
  draw();
}
