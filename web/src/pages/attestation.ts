import { longFrenchDate } from '#shared/domain/calendar';
import { HOUR_MODE_LABELS, HOUR_MODES } from '#shared/domain/hours';
import { api } from '../api';
import type { Session } from '../auth';
import { h, loading, notice, replace, table } from '../dom';
import { hours } from '../format';
import type { Attestation } from '../types';

// The attestation of a contract's insertion hours ("attestation de réalisation des heures
// d'insertion"), as GET /api/contracts/{id}/attestation gives it: the awardee prints it at the
// end of its contract, the facilitator from the contract's page. It reads as the paper it
// becomes (styles.css, `@media print`, scoped to `.attestation`): who issues it, for which
// contract, the hours by modality and year, which hours count, the date of issue.

/** `le 1er juin 2024`: dates in an official sentence. */
const on = longFrenchDate;

export async function attestationPage(
  main: HTMLElement,
  session: Session,
  contractId: string,
): Promise<void> {
  replace(main, loading());
  const attestation = await api<Attestation>('GET', `/api/contracts/${contractId}/attestation`);
  const { contract, structure } = attestation;
  const back =
    session.role === 'awardee'
      ? h('a', { href: '#/' }, 'Retour à mes marchés')
      : h('a', { href: `#/marches/${contract.id}` }, 'Retour au marché');
  const until = attestation.ended ? contract.endsOn : attestation.issuedOn;
  replace(
    main,
    h(
      'article',
      { class: 'attestation', 'aria-labelledby': 'attestation-title' },
      h(
        'div',
        { class: 'attestation-controls actions' },
        h(
          'button',
          { type: 'button', class: 'secondary small', onclick: () => window.print() },
          'Imprimer / PDF',
        ),
        back,
      ),
      h(
        'header',
        { class: 'attestation-head' },
        h('p', { class: 'attestation-issuer' }, structure.name),
        h('h1', { id: 'attestation-title' }, 'Attestation de réalisation des heures d’insertion'),
        h('p', { class: 'muted' }, `Marché ${contract.reference} — ${contract.title}`),
      ),
      attestation.ended
        ? null
        : notice(
            'info',
            `Attestation provisoire : le marché court jusqu’au ${on(contract.endsOn)}. Les heures sont arrêtées au ${on(attestation.issuedOn)}.`,
          ),
      particulars(attestation),
      h(
        'p',
        { class: 'attestation-statement' },
        `${structure.name}, structure qui suit la clause sociale d’insertion de ce marché, atteste que le titulaire a réalisé du ${on(contract.startsOn)} au ${on(until)} des heures d’insertion pour un total de `,
        h('strong', null, hours(attestation.total)),
        contract.targetHours
          ? `, pour un objectif de ${hours(contract.targetHours)} inscrit au marché.`
          : '.',
      ),
      h('h2', null, 'Heures par modalité et par année'),
      hoursTable(attestation),
      h(
        'p',
        { class: 'attestation-rule' },
        'Heures prises en compte : celles enregistrées au registre des heures du marché, saisies ou importées par le facilitateur, ou déclarées par le titulaire et validées par le facilitateur. Les déclarations en attente de validation et les lignes annulées n’y figurent pas.',
      ),
      h(
        'p',
        { class: 'attestation-signature' },
        `Fait le ${on(attestation.issuedOn)}, pour servir et valoir ce que de droit.`,
        h('br'),
        `Pour ${structure.name}.`,
      ),
    ),
  );
}

/** Who and what: the contract's particulars, as a form of the administration lists them. */
function particulars(attestation: Attestation): HTMLElement {
  const { contract } = attestation;
  const withSiret = (party: { name: string; siret?: string | undefined }) =>
    party.siret ? `${party.name} (SIRET ${party.siret})` : party.name;
  const rows: [string, string][] = [
    ['Structure qui délivre l’attestation', attestation.structure.name],
    ['Acheteur', withSiret(contract.buyer)],
    ['Marché', `${contract.reference} — ${contract.title}`],
    ...(contract.lot ? [['Lot', contract.lot] as [string, string]] : []),
    ['Titulaire', withSiret(contract.awardee)],
    ...(contract.coAwardees.length
      ? [['Cotraitants', contract.coAwardees.map((c) => c.name).join(', ')] as [string, string]]
      : []),
    ['Période d’exécution', `du ${on(contract.startsOn)} au ${on(contract.endsOn)}`],
    [
      'Objectif d’heures d’insertion',
      contract.targetHours === null ? 'non fixé' : hours(contract.targetHours),
    ],
  ];
  return h(
    'dl',
    { class: 'attestation-particulars' },
    rows.map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))),
  );
}

/** One row per modality with hours, one column per year, totals last. */
function hoursTable(attestation: Attestation): HTMLElement {
  const modes = HOUR_MODES.filter((mode) => attestation.byMode.some((m) => m.mode === mode));
  if (!modes.length) return notice('info', 'Aucune heure d’insertion enregistrée pour ce marché.');
  const of = (rows: { mode: string; hours: number }[], mode: string) =>
    rows.find((row) => row.mode === mode)?.hours ?? 0;
  return table(
    [
      'Modalité',
      ...attestation.years.map((y) => [String(y.year), 'num'] as [string, 'num']),
      ['Total', 'num'],
    ],
    [
      ...modes.map((mode) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, HOUR_MODE_LABELS[mode]),
          attestation.years.map((y) => h('td', { class: 'num' }, hours(of(y.byMode, mode)))),
          h('td', { class: 'num' }, h('strong', null, hours(of(attestation.byMode, mode)))),
        ),
      ),
      h(
        'tr',
        { class: 'total' },
        h('th', { scope: 'row' }, 'Total'),
        attestation.years.map((y) => h('td', { class: 'num' }, h('strong', null, hours(y.total)))),
        h('td', { class: 'num' }, h('strong', null, hours(attestation.total))),
      ),
    ],
    'Heures d’insertion par modalité et par année',
  );
}
