import { mayDo } from '#shared/domain/access';
import {
  monthNumberOf,
  monthOf,
  monthsFrom,
  shortFrenchMonth,
  yearOf,
} from '#shared/domain/calendar';
import { CONTRACT_KIND_LABELS } from '#shared/domain/contracts';
import { AWARDEE_TYPE_LABELS, BASIS_LABELS } from '#shared/domain/reserved';
import { api } from '../api';
import type { Session } from '../auth';
import { monthlyChart, PALETTE, progressBar } from '../charts';
import { h, loading, notice, replace, table } from '../dom';
import { withExport } from '../export';
import { eur, frenchDate, hours, pct } from '../format';
import { plies as knownPlies } from '../plies';
import type { ContractDetail } from '../types';
import { amendmentsSection } from './contract-amendments';
import { awardeesSection } from './contract-awardees';
import { showLines } from './contract-lines';

/** One contract: its allocation between PLIEs, its hours month by month, its lines. */
export async function contractPage(
  main: HTMLElement,
  session: Session,
  id: string,
  params: URLSearchParams,
): Promise<void> {
  replace(main, loading());
  const [contract, months, plies] = await Promise.all([
    api<ContractDetail>('GET', `/api/contracts/${id}`),
    api<{ items: { year: number; plieId: string; months: number[] }[] }>(
      'GET',
      `/api/contracts/${id}/months`,
    ),
    knownPlies().then((byId) => [...byId.values()]),
  ]);
  const names = new Map(plies.map((p) => [p.id, p.name]));
  const canWrite = mayDo(session, 'hours:write');
  const mayEdit = mayDo(session, 'contracts:write');
  const amendments = await amendmentsSection(contract, mayEdit, () => {
    location.hash = `#/marches/${id}?avenant=1`;
  });
  const invitations = mayEdit ? await awardeesSection(contract) : null;
  const saved = params.get('enregistre')
    ? 'Marché enregistré.'
    : params.get('modifie')
      ? 'Modifications enregistrées.'
      : params.get('avenant')
        ? 'Avenant enregistré : les valeurs ci-dessous sont celles en vigueur.'
        : null;

  // Months of the contract's period that have passed, as chart columns.
  const keys = monthsFrom(monthOf(contract.startsOn), monthOf(contract.endsOn));
  const labels = keys.map(shortFrenchMonth);
  const series = [...new Set(months.items.map((i) => i.plieId))].map((plieId, i) => ({
    name: names.get(plieId) ?? plieId,
    color: PALETTE[i % PALETTE.length] as string,
    values: keys.map(
      (key) =>
        months.items.find((r) => r.plieId === plieId && r.year === yearOf(key))?.months[
          monthNumberOf(key) - 1
        ] ?? 0,
    ),
  }));
  const lastWithHours = Math.max(0, ...series.flatMap((s) => s.values.map((v, i) => (v ? i : 0))));
  const shown = Math.max(lastWithHours + 1, Math.min(keys.length, 12));

  const linesBox = h('div', null, loading());
  replace(
    main,
    h('p', null, h('a', { href: '#/marches' }, '← Marchés')),
    h('h1', null, `${contract.reference} — ${contract.title}`),
    saved ? notice('success', saved) : null,
    mayEdit
      ? h(
          'div',
          { class: 'actions' },
          h('a', { href: `#/marches/${id}/modifier` }, 'Compléter ou corriger le marché'),
          mayDo(session, 'changes:read')
            ? h('a', { href: `#/journal?type=contract&id=${id}` }, 'Historique du marché')
            : null,
        )
      : null,
    h(
      'div',
      { class: 'figures' },
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Réalisé'),
        h('strong', null, hours(contract.hoursLogged)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Objectif'),
        h('strong', null, contract.targetHours === null ? '—' : hours(contract.targetHours)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Avancement'),
        h('strong', null, progressBar(contract.hoursLogged, contract.targetHours, null, false)),
      ),
    ),
    h(
      'div',
      { class: 'card' },
      h(
        'p',
        null,
        `${CONTRACT_KIND_LABELS[contract.kind]} · ${eur(contract.amount)} HT · notifié le ${frenchDate(contract.notifiedOn)} · du ${frenchDate(contract.startsOn)} au ${frenchDate(contract.endsOn)}`,
      ),
      h(
        'p',
        null,
        `Acheteur : ${contract.buyer.name} · Titulaire : ${contract.awardee.name} (SIRET ${contract.awardee.siret})${contract.lot ? ` · Lot ${contract.lot}` : ''}`,
      ),
      contract.coAwardees?.length
        ? h(
            'p',
            null,
            `Cotraitants : ${contract.coAwardees
              .map((c) => `${c.name} (${c.siret ? `SIRET ${c.siret}` : c.identifier})`)
              .join(' · ')}`,
          )
        : null,
      contract.insertionInputs
        ? h(
            'p',
            { class: 'muted' },
            `Objectif calculé : montant × ${pct(contract.insertionInputs.labourShare)} de main-d’œuvre × ${pct(contract.insertionInputs.insertionRate)} d’insertion ÷ ${eur(contract.insertionInputs.hourlyCost)} de l’heure`,
          )
        : null,
      contract.reserved
        ? h(
            'p',
            null,
            `Marché réservé : ${BASIS_LABELS[contract.reserved.basis]}${contract.reserved.awardeeType ? ` (titulaire : ${AWARDEE_TYPE_LABELS[contract.reserved.awardeeType]})` : ''}`,
          )
        : null,
    ),
    amendments,
    invitations,
    h('h2', null, 'Répartition entre PLIE'),
    contract.allocationMode?.mode === 'shared' && contract.allocationMode.territory
      ? h(
          'p',
          null,
          `Marché partagé entre les PLIE du territoire « ${contract.allocationMode.territory} ».`,
        )
      : null,
    contract.allocation
      ? withExport(
          table(
            ['PLIE', ['Heures attribuées', 'num'], ['Heures réalisées', 'num'], 'Avancement'],
            contract.allocation.map((a) =>
              h(
                'tr',
                null,
                h('td', null, names.get(a.plieId) ?? a.plieId),
                h('td', { class: 'num' }, hours(a.allottedHours)),
                h('td', { class: 'num' }, hours(a.hoursLogged)),
                h('td', null, progressBar(a.hoursLogged, a.allottedHours, null, false)),
              ),
            ),
            'Répartition entre PLIE',
          ),
          'repartition-marche',
          'Exporter la répartition',
        )
      : notice('info', contract.allocationIssue ?? 'Pas de répartition.'),
    h('h2', null, 'Heures par mois'),
    h(
      'div',
      { class: 'card' },
      monthlyChart(
        labels.slice(0, shown),
        series.map((s) => ({ ...s, values: s.values.slice(0, shown) })),
        'Heures réalisées par mois et par PLIE',
      ),
    ),
    h('h2', null, 'Lignes d’heures'),
    linesBox,
  );
  await showLines(linesBox, contract.id, names, canWrite, null);
}
