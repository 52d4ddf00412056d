import {
  allocateHours,
  allocationKey,
  CRITERIA,
  type Criterion,
  type PlieCriteria,
  sharingPlies,
  type Weights,
} from '#shared/domain/allocation';
import { yearOf } from '#shared/domain/calendar';
import { readFrenchNumber } from '#shared/domain/format';
import { activeInYear } from '#shared/domain/plies';
import { ApiError, api } from '../../api';
import { type Field, h, loading, notice, replace, table } from '../../dom';
import { showLocalProblems, showProblems } from '../../form-problems';
import { hours, lastMonth, pct } from '../../format';
import { plies, territoriesOf } from '../../plies';
import { yearLinks } from '../../year-links';
import { adminTabs } from './tabs';

// Administration: each PLIE's criteria for a year and the year's weights, with the key they
// give previewed as they are typed — the domain's own computation (allocationKey), on the
// PLIEs active that year, as a new shared contract of that year will freeze it.

const LABELS: Record<Criterion, [string, 'count' | 'share']> = {
  population: ['Population', 'count'],
  socialHousingRate: ['Logements sociaux (%)', 'share'],
  qpvResidents: ['Habitants en QPV', 'count'],
  qpvShare: ['Part de la population en QPV (%)', 'share'],
  unemploymentRate: ['Taux de chômage (%)', 'share'],
};

const EXAMPLE_HOURS = 1000;

const shown = (value: number, kind: 'count' | 'share') =>
  String(kind === 'share' ? Math.round(value * 10_000) / 100 : value).replace('.', ',');

export async function adminCriteriaPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'Administration — critères'), loading());
  const year = Number(params.get('annee') ?? yearOf(lastMonth()));
  const active = activeInYear([...(await plies()).values()], year);
  const [records, weights] = await Promise.all([
    Promise.all(
      active.map((p) =>
        api<Record<Criterion, number>>('GET', `/api/plies/${p.id}/criteria/${year}`).catch((e) =>
          e instanceof ApiError && e.status === 404 ? null : Promise.reject(e),
        ),
      ),
    ),
    api<{ weights: Weights; isDefault: boolean }>('GET', `/api/allocation-weights/${year}`),
  ]);
  const cell = (id: string, value: string, label: string) =>
    h('input', {
      id,
      value,
      inputmode: 'decimal',
      autocomplete: 'off',
      'aria-label': label,
      class: 'cell',
    });
  const inputs = active.map((p, i) =>
    CRITERIA.map((c) => {
      const [label, kind] = LABELS[c];
      const value = records[i]?.[c];
      return cell(
        `crit-${p.id}-${c}`,
        value === undefined ? '' : shown(value, kind),
        `${label} — ${p.name}`,
      );
    }),
  );
  const weightInputs = CRITERIA.map((c) =>
    cell(`weight-${c}`, String(weights.weights[c]).replace('.', ','), `Poids — ${LABELS[c][0]}`),
  );
  const preview = h('div', { 'aria-live': 'polite' });
  const summary = h('div', { 'aria-live': 'polite' });

  /** What is typed now, as criteria and weights; the first unreadable cell otherwise. */
  const typed = (): { criteria: PlieCriteria[]; weights: Weights } | HTMLInputElement => {
    const criteria: PlieCriteria[] = [];
    for (const [i, p] of active.entries()) {
      const values = {} as Record<Criterion, number>;
      for (const [j, c] of CRITERIA.entries()) {
        const input = inputs[i]?.[j] as HTMLInputElement;
        const n = readFrenchNumber(input.value);
        if (n === null) return input;
        values[c] = LABELS[c][1] === 'share' ? n / 100 : n;
      }
      criteria.push({ plieId: p.id, criteria: values });
    }
    const w = {} as Weights;
    for (const [j, c] of CRITERIA.entries()) {
      const n = readFrenchNumber((weightInputs[j] as HTMLInputElement).value);
      if (n === null) return weightInputs[j] as HTMLInputElement;
      w[c] = n;
    }
    return { criteria, weights: w };
  };
  const refresh = () => {
    const now = typed();
    if (now instanceof HTMLInputElement) {
      replace(
        preview,
        h(
          'p',
          { class: 'muted' },
          `Clé incomplète : « ${now.getAttribute('aria-label')} » attend un nombre.`,
        ),
      );
      return;
    }
    const keyTable = (members: typeof active, caption: string) => {
      const criteria = now.criteria.filter((c) => members.some((p) => p.id === c.plieId));
      const key = allocationKey(criteria, now.weights);
      const split = allocateHours(EXAMPLE_HOURS, criteria, now.weights);
      return table(
        ['PLIE', ['Part de la clé', 'num'], [`Sur ${hours(EXAMPLE_HOURS)}`, 'num']],
        members.map((p) =>
          h(
            'tr',
            null,
            h('td', null, p.name),
            h('td', { class: 'num' }, pct(key.get(p.id) ?? 0)),
            h('td', { class: 'num' }, hours(split.get(p.id) ?? 0)),
          ),
        ),
        caption,
      );
    };
    // A contract shared within a territory takes the key of that territory's PLIEs alone: one
    // table each, when the territories do not simply hold every PLIE.
    const territories = territoriesOf(active);
    const byTerritory =
      territories.length > 1 || active.some((p) => !p.territory)
        ? territories.flatMap((t) => [
            h('h3', null, `Marchés partagés dans le territoire « ${t} »`),
            keyTable(
              sharingPlies({ mode: 'shared', territory: t }, active),
              `Clé de répartition ${year} — territoire « ${t} »`,
            ),
          ])
        : [];
    replace(
      preview,
      byTerritory.length ? h('h3', null, 'Marchés partagés entre tous les PLIE') : null,
      keyTable(active, `Clé de répartition ${year}`),
      ...byTerritory,
    );
  };
  const grid = table(
    ['PLIE', ...CRITERIA.map((c) => [LABELS[c][0], 'num'] as [string, 'num'])],
    [
      ...active.map((p, i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, p.name),
          (inputs[i] ?? []).map((input) => h('td', { class: 'num' }, input)),
        ),
      ),
      h(
        'tr',
        { class: 'weights' },
        h('th', { scope: 'row' }, 'Poids du critère'),
        weightInputs.map((input) => h('td', { class: 'num' }, input)),
      ),
    ],
    `Critères ${year}`,
  ) as HTMLDivElement;
  const form = h(
    'form',
    {
      novalidate: true,
      oninput: refresh,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        // Every unreadable cell at once, each named and linked in the summary above the form.
        const cells = [...inputs.flat(), ...weightInputs];
        const asField = (input: HTMLInputElement): Field => ({
          element: grid,
          control: input,
          setError: (message: string | null) => {
            if (message) input.setAttribute('aria-invalid', 'true');
            else input.removeAttribute('aria-invalid');
          },
        });
        const fields = Object.fromEntries(cells.map((input) => [input.id, asField(input)]));
        const problems = cells
          .filter((input) => readFrenchNumber(input.value) === null)
          .map((input): [Field, string] => [
            fields[input.id] as Field,
            'Un nombre, ex. 252 040 ou 17,5',
          ]);
        if (showLocalProblems(fields, problems, summary)) return;
        const now = typed();
        if (now instanceof HTMLInputElement) return;
        try {
          for (const c of now.criteria)
            await api('PUT', `/api/plies/${c.plieId}/criteria/${year}`, c.criteria);
          await api('PUT', `/api/allocation-weights/${year}`, now.weights);
          replace(
            summary,
            notice(
              'success',
              `Critères et pondération ${year} enregistrés. Les marchés partagés déjà notifiés gardent leur clé ; un administrateur peut la recalculer depuis le marché.`,
            ),
          );
        } catch (error) {
          showProblems(error, {}, summary);
        }
      },
    },
    // The errors' summary (or the saved notice) at the top of the form.
    summary,
    grid,
    h(
      'p',
      { class: 'muted' },
      weights.isDefault
        ? 'Poids égaux par défaut (1 chacun). Un poids de 0 écarte le critère.'
        : 'Poids enregistrés pour cette année. Un poids de 0 écarte le critère.',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, `Enregistrer les critères ${year}`),
    ),
  );
  replace(
    main,
    h('h1', null, `Administration — critères ${year}`),
    adminTabs('criteres'),
    yearLinks([year - 1, year, year + 1], year, (y) => `#/administration/criteres?annee=${y}`),
    active.length ? form : notice('info', `Aucun PLIE n’est actif en ${year}.`),
    h('h2', null, 'Clé qui en résulte'),
    h(
      'p',
      { class: 'muted' },
      `Chaque critère devient la part de chaque PLIE dans le total, les parts sont moyennées avec les poids, et ${hours(EXAMPLE_HOURS)} sont partagées au plus fort reste.`,
    ),
    preview,
  );
  refresh();
}
