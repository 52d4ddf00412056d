import { readFrenchNumber } from '#shared/domain/format';
import { api } from '../../api';
import { type Field, field, h, loading, notice, replace, table } from '../../dom';
import { withExport } from '../../export';
import { showLocalProblems, showProblems } from '../../form-problems';
import { eur, frenchDate } from '../../format';
import { goTo } from '../../navigate';
import { adminTabs } from './tabs';

// Administration: the European thresholds by period (article L2112-2-1 judges a contract
// against those of its notification day). The Commission revises them every two years.

interface Period {
  from: string;
  to: string;
  works: number;
  suppliesServicesLocal: number;
  suppliesServicesCentral: number;
  recorded: boolean;
}

export async function adminThresholdsPage(
  main: HTMLElement,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Administration — seuils'), loading());
  const { items } = await api<{ items: Period[] }>('GET', '/api/eu-thresholds');
  const input = (name: string, attrs: Record<string, string> = {}) =>
    h('input', { name, autocomplete: 'off', ...attrs });
  const from = field('Du', input('from', { type: 'date' }));
  const to = field('Au (inclus)', input('to', { type: 'date' }));
  const works = field('Travaux (€ HT)', input('works', { inputmode: 'decimal' }));
  const local = field(
    'Fournitures et services — collectivités (€ HT)',
    input('local', { inputmode: 'decimal' }),
  );
  const central = field(
    'Fournitures et services — État (€ HT)',
    input('central', { inputmode: 'decimal' }),
  );
  const summary = h('div', { tabindex: '-1' });
  const fields = {
    from,
    to,
    works,
    suppliesServicesLocal: local,
    suppliesServicesCentral: central,
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const amounts = [works, local, central].map((f) =>
          readFrenchNumber((f.control as HTMLInputElement).value),
        );
        const startDay = (from.control as HTMLInputElement).value;
        const lastDay = (to.control as HTMLInputElement).value;
        // The period and every amount checked together, before sending.
        const problems: [Field, string][] = [];
        if (!startDay) problems.push([from, 'Indiquez le premier jour de la période.']);
        if (!lastDay) problems.push([to, 'Indiquez le dernier jour de la période.']);
        else if (startDay && lastDay < startDay)
          problems.push([to, 'Le dernier jour suit le premier.']);
        for (const [i, f] of [works, local, central].entries())
          if (amounts[i] === null) problems.push([f, 'Un montant en euros, ex. 5 404 000']);
        if (showLocalProblems(fields, problems, summary)) return;
        try {
          await api('PUT', `/api/eu-thresholds/${startDay}`, {
            to: lastDay,
            works: amounts[0],
            suppliesServicesLocal: amounts[1],
            suppliesServicesCentral: amounts[2],
          });
          goTo(`#/administration/seuils?enregistre=${startDay}`);
        } catch (error) {
          showProblems(error, fields, summary);
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h('div', { class: 'grid3' }, from.element, to.element),
    h('div', { class: 'grid3' }, works.element, local.element, central.element),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer la période')),
  );
  replace(
    main,
    h('h1', null, 'Administration — seuils européens'),
    adminTabs('seuils'),
    params.get('enregistre')
      ? notice(
          'success',
          `Seuils enregistrés à partir du ${frenchDate(params.get('enregistre') ?? '')}.`,
        )
      : null,
    ...withExport(
      table(
        [
          'Période',
          ['Travaux', 'num'],
          ['Fournitures et services (collectivités)', 'num'],
          ['Fournitures et services (État)', 'num'],
          'Origine',
        ],
        [...items]
          .reverse()
          .map((p) =>
            h(
              'tr',
              null,
              h('td', null, `Du ${frenchDate(p.from)} au ${frenchDate(p.to)}`),
              h('td', { class: 'num' }, eur(p.works)),
              h('td', { class: 'num' }, eur(p.suppliesServicesLocal)),
              h('td', { class: 'num' }, eur(p.suppliesServicesCentral)),
              h('td', null, p.recorded ? 'saisie' : 'intégrée'),
            ),
          ),
        'Seuils européens par période',
      ),
      'seuils-europeens',
      'Exporter les seuils',
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'threshold-form' },
      h('h2', { id: 'threshold-form' }, 'Nouvelle période'),
      form,
    ),
  );
}
