import { mayDo } from '#shared/domain/access';
import { CONTRACT_KIND_LABELS } from '#shared/domain/contracts';
import { AWARDEE_TYPE_LABELS, BASIS_LABELS } from '#shared/domain/reserved';
import { api } from '../api';
import type { Session } from '../auth';
import { buyerName, companyText, toCompleteTag } from '../company-text';
import { h, loading, notice, replace } from '../dom';
import { eur, frenchDate, pct } from '../format';
import { goTo } from '../navigate';
import { plies as knownPlies } from '../plies';
import type { ContractDetail } from '../types';
import { amendmentsSection } from './contract-amendments';
import { awardeesSection } from './contract-awardees';
import { type ContractMonths, contractFigures } from './contract-figures';
import { emptyLinesText, showLines } from './contract-lines';

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
    api<ContractMonths>('GET', `/api/contracts/${id}/months`),
    knownPlies().then((byId) => [...byId.values()]),
  ]);
  const names = new Map(plies.map((p) => [p.id, p.name]));
  const canWrite = mayDo(session, 'hours:write');
  const mayEdit = mayDo(session, 'contracts:write');
  const amendments = await amendmentsSection(contract, mayEdit, () => {
    goTo(`#/marches/${id}?avenant=1`);
  });
  const invitations = mayEdit ? await awardeesSection(contract) : null;
  const saved = params.get('enregistre')
    ? 'Marché enregistré.'
    : params.get('modifie')
      ? 'Modifications enregistrées.'
      : params.get('avenant')
        ? 'Avenant enregistré : les valeurs ci-dessous sont celles en vigueur.'
        : null;

  const figures = contractFigures(contract, months, names);
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
          mayDo(session, 'contracts:attest')
            ? h('a', { href: `#/marches/${id}/attestation` }, 'Attestation des heures d’insertion')
            : null,
        )
      : null,
    figures.totals,
    h(
      'div',
      { class: 'card' },
      h('p', null, termsText(contract)),
      h(
        'p',
        null,
        `Acheteur : ${buyerName(contract.buyer)} · Titulaire : ${companyText(contract.awardee)}${contract.lot ? ` · Lot ${contract.lot}` : ''}`,
      ),
      contract.coAwardees?.length
        ? h('p', null, `Cotraitants : ${contract.coAwardees.map(companyText).join(' · ')}`)
        : null,
      contract.toComplete?.length
        ? h('p', null, toCompleteTag(contract.toComplete), ' ', completeLink(id, mayEdit))
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
    figures.split,
    h('h2', null, 'Lignes d’heures'),
    linesBox,
  );
  // Voiding a line changes the total, the split and the chart above: they are read again.
  const coordinatorOf = session.role === 'plie-coordinator' ? session.plieId : undefined;
  await showLines(
    linesBox,
    contract.id,
    names,
    canWrite,
    null,
    figures.refresh,
    emptyLinesText(contract, coordinatorOf),
  );
}

/** Where what the open data lacked is completed, for those who may. */
const completeLink = (id: string, mayEdit: boolean) =>
  mayEdit ? h('a', { href: `#/marches/${id}/modifier` }, 'Compléter') : null;

/** Kind, amount and period; what the open data lacked reads « à compléter », not a guess. */
function termsText(contract: ContractDetail): string {
  const missing = new Set(contract.toComplete ?? []);
  const kind = missing.has('cpv') ? 'Nature à compléter' : CONTRACT_KIND_LABELS[contract.kind];
  const amount = missing.has('amount') ? 'montant à compléter' : `${eur(contract.amount)} HT`;
  const end = missing.has('duration') ? 'fin à compléter' : `au ${frenchDate(contract.endsOn)}`;
  return `${kind} · ${amount} · notifié le ${frenchDate(contract.notifiedOn)} · du ${frenchDate(contract.startsOn)} ${end}`;
}
