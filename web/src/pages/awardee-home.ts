import { isRefused } from '#shared/domain/statement-lifecycle';
import { all, api } from '../api';
import type { Session } from '../auth';
import { waitingHours } from '../awardee-totals';
import { companyNameIn } from '../company';
import { h, loading, notice, replace, table } from '../dom';
import { frenchMonth, hours, pct } from '../format';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';
import type { Attestation, Contract, Statement } from '../types';

// The awardee's home page ("titulaire"): the contracts its company holds, each with its running
// total — hours validated this year and since the start, against the target, and hours declared
// still awaiting validation — and a link to its attestation; then its statements and what
// became of them. The form that declares a month is in declare.ts. A company working for
// several structures reads which one follows each contract (each validates its own).

export async function awardeeHomePage(main: HTMLElement, session: Session): Promise<void> {
  replace(main, loading());
  const [contracts, statements] = await Promise.all([
    all<Contract>('/api/contracts'),
    all<Statement>('/api/statements'),
  ]);
  // Each contract's hours by year, as its attestation counts them (a company holds a few).
  const attestations = new Map(
    await Promise.all(
      contracts.map(
        async (c) =>
          [c.id, await api<Attestation>('GET', `/api/contracts/${c.id}/attestation`)] as const,
      ),
    ),
  );
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const company = session.siret ? companyNameIn(contracts, session.siret) : null;
  const yearOf = (a: Attestation | undefined) => Number(a?.issuedOn.slice(0, 4));
  const thisYear = yearOf(attestations.values().next().value);
  const validatedThisYear = (contractId: string) => {
    const attestation = attestations.get(contractId);
    return attestation?.years.find((y) => y.year === yearOf(attestation))?.total ?? 0;
  };
  const structures = [
    ...new Set(contracts.map((c) => c.tenantName ?? c.tenant).filter((n): n is string => !!n)),
  ].sort((a, b) => a.localeCompare(b, 'fr'));
  const several = structures.length > 1;
  const structureOf = (c: Contract) => c.tenantName ?? c.tenant ?? '—';
  replace(
    main,
    h('h1', null, 'Mes marchés et mes relevés'),
    h(
      'p',
      { class: 'muted' },
      `${company ?? 'Entreprise'} — SIRET ${session.siret ?? ''}. Chaque mois terminé, déclarez les heures d’insertion de chaque marché : elles comptent une fois validées par le facilitateur de l’acheteur.`,
    ),
    structures.length
      ? h(
          'p',
          null,
          several
            ? `Vos marchés sont suivis par ${structures.length} structures : ${structures.join(', ')}. Chacune valide les heures de ses marchés.`
            : `Vos marchés sont suivis par ${structures[0]}.`,
        )
      : null,
    h('h2', null, 'Mes marchés'),
    // What to do comes first in each row: on a phone, the columns after it scroll sideways.
    contracts.length
      ? table(
          [
            'Marché',
            ...(several ? ['Structure'] : []),
            ['Objectif', 'num'],
            [`Validées en ${thisYear}`, 'num'],
            ['Validées depuis le début', 'num'],
            ['Avancement', 'num'],
            ['Déclarées, à valider', 'num'],
          ],
          contracts.map((c) =>
            h(
              'tr',
              null,
              h(
                'td',
                null,
                h('strong', null, c.reference),
                h('br'),
                h('span', { class: 'muted' }, c.title),
                h('br'),
                h(
                  'a',
                  {
                    href: `#/declarer?marche=${c.id}`,
                    'aria-label': `Déclarer un mois pour ${c.reference}`,
                  },
                  'Déclarer un mois',
                ),
                ' · ',
                h(
                  'a',
                  {
                    href: `#/marches/${c.id}/attestation`,
                    'aria-label': `Attestation des heures de ${c.reference}`,
                  },
                  'Attestation',
                ),
              ),
              several ? h('td', null, structureOf(c)) : null,
              h('td', { class: 'num' }, c.targetHours === null ? '—' : hours(c.targetHours)),
              h('td', { class: 'num' }, hours(validatedThisYear(c.id))),
              h('td', { class: 'num' }, hours(c.hoursLogged)),
              h('td', { class: 'num' }, c.targetHours ? pct(c.hoursLogged / c.targetHours) : '—'),
              h('td', { class: 'num' }, hours(waitingHours(statements, c.id))),
            ),
          ),
          'Mes marchés',
        )
      : notice('info', 'Aucun marché de votre entreprise n’est enregistré pour l’instant.'),
    h('h2', null, 'Mes relevés'),
    statements.length
      ? table(
          ['Relevé', 'Statut', ['Heures', 'num'], 'Motif'],
          statements.map((s) => {
            const contract = s.contractId ? byId.get(s.contractId) : undefined;
            const toCorrect = isRefused(s.status) && !s.replacedBy;
            return h(
              'tr',
              null,
              h(
                'td',
                null,
                h('strong', null, s.month ? frenchMonth(s.month) : ''),
                h('br'),
                contract?.reference ?? s.contractReferences.join(', '),
                several && contract
                  ? [' ', h('span', { class: 'muted' }, `(${structureOf(contract)})`)]
                  : null,
                h('br'),
                h(
                  'a',
                  {
                    href: `#/releves/${s.id}`,
                    'aria-label': `Voir le relevé de ${s.month ? frenchMonth(s.month) : ''}, ${contract?.reference ?? ''}`,
                  },
                  'Voir',
                ),
                toCorrect
                  ? [' · ', h('a', { href: `#/declarer?remplace=${s.id}` }, 'Corriger')]
                  : null,
              ),
              h('td', null, STATEMENT_STATUS_LABELS[s.status], s.replacedBy ? ' (corrigé)' : ''),
              h('td', { class: 'num' }, hours(s.hours)),
              h('td', null, s.reason ?? ''),
            );
          }),
          'Mes relevés',
        )
      : notice('info', 'Aucun relevé déclaré pour l’instant.'),
  );
}
