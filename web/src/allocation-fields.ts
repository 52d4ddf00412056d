import { api } from './api';
import { type Field, field, h, replace, select, table } from './dom';
import { hours, pct } from './format';
import { plies, territoriesOf } from './plies';
import type { ContractDetail } from './types';

// Who a contract's hours go to, in its form, with the shared key previewed: a part of the form
// that carries a rule. The contract form and the amendment form both use it; the rule itself
// stays in shared/domain and the API.

/**
 * One PLIE, or shared by the year's key between every PLIE or those of one territory, previewed
 * as it would be split. A radio's value is `single`, `shared`, or `shared:<territory>`.
 */
export async function allocationFields(
  year: () => number,
  target: () => number | null,
  current?: ContractDetail['allocationMode'],
) {
  const list = [...(await plies()).values()];
  const names = new Map(list.map((p) => [p.id, p.name]));
  const plie = field(
    'PLIE',
    select(
      'plieId',
      [['', 'Choisir…'], ...list.map((p) => [p.id, p.name] as [string, string])],
      current?.mode === 'single' ? current.plieId : '',
    ),
  );
  const how =
    current?.mode === 'shared' && current.territory
      ? `shared:${current.territory}`
      : (current?.mode ?? 'single');
  const territories = territoriesOf(list);
  const choice = (value: string, label: string) =>
    h(
      'label',
      null,
      h('input', { type: 'radio', name: 'allocationMode', value, checked: how === value }),
      ` ${label}`,
    );
  const preview = h('div', { 'aria-live': 'polite' });
  const singleBox = h('div', { class: 'grid3' }, plie.element);
  const element = h(
    'fieldset',
    { class: 'group' },
    h('legend', null, 'PLIE bénéficiaires des heures'),
    h(
      'div',
      { class: 'choices' },
      choice('single', 'Un seul PLIE'),
      choice(
        'shared',
        territories.length
          ? 'Partagé entre tous les PLIE selon la clé de l’année'
          : 'Partagé entre les PLIE selon la clé de l’année',
      ),
      ...territories.map((t) =>
        choice(
          `shared:${t}`,
          `Partagé entre les PLIE du territoire « ${t} » selon la clé de l’année`,
        ),
      ),
    ),
    singleBox,
    preview,
  );
  const checked = () =>
    (element.querySelector('input[name="allocationMode"]:checked') as HTMLInputElement | null)
      ?.value ?? 'single';
  const mode = () => (checked().startsWith('shared') ? 'shared' : 'single');
  const territory = () => (checked().startsWith('shared:') ? checked().slice(7) : null);
  let pending: ReturnType<typeof setTimeout> | undefined;
  let asked = '';
  const refresh = () => {
    singleBox.hidden = mode() === 'shared';
    if (mode() !== 'shared') {
      replace(preview);
      asked = '';
      return;
    }
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const question = `${year()}:${target() ?? 0}:${territory() ?? ''}`;
      if (question === asked) return;
      asked = question;
      const key = await api<{
        plies: { plieId: string; share: number; allottedHours: number }[];
        issue: string | null;
      }>(
        'GET',
        `/api/allocation-key/${year()}?hours=${target() ?? 0}${territory() ? `&territory=${encodeURIComponent(territory() as string)}` : ''}`,
      );
      if (asked !== question) return;
      replace(
        preview,
        key.issue
          ? h('p', { class: 'error' }, key.issue)
          : table(
              ['PLIE', ['Part de la clé', 'num'], ['Heures attribuées', 'num']],
              key.plies.map((p) =>
                h(
                  'tr',
                  null,
                  h('td', null, names.get(p.plieId) ?? p.plieId),
                  h('td', { class: 'num' }, pct(p.share)),
                  h('td', { class: 'num' }, target() === null ? '—' : hours(p.allottedHours)),
                ),
              ),
              `Répartition ${year()} entre PLIE`,
            ),
        h(
          'p',
          { class: 'muted' },
          `Clé des critères ${year()} (année de notification), figée à l’enregistrement du marché.`,
        ),
      );
    }, 250);
  };
  element.addEventListener('change', refresh);
  refresh();
  return {
    element,
    refresh,
    fields: { allocation: plie, 'allocation.plieId': plie } as Record<string, Field>,
    value(): { body: Record<string, unknown>; problems: [Field, string][] } {
      if (mode() === 'shared') {
        const t = territory();
        return {
          body: { allocation: { mode: 'shared', ...(t ? { territory: t } : {}) } },
          problems: [],
        };
      }
      const id = (plie.control as HTMLSelectElement).value;
      return id
        ? { body: { allocation: { mode: 'single', plieId: id } }, problems: [] }
        : { body: {}, problems: [[plie, 'Choisissez le PLIE, ou le partage entre PLIE']] };
    },
  };
}
