import { yearOf } from '#shared/domain/calendar';
import { activeInYear } from '#shared/domain/plies';
import { ApiError, api } from '../../api';
import { confirmDialog } from '../../dialog';
import { h, loading, notice, replace, table } from '../../dom';
import { eur, lastMonth } from '../../format';
import { plies } from '../../plies';
import type { Funding } from '../../types';
import { yearLinks } from '../../year-links';
import { conventionForm } from './funding-form';
import { adminTabs } from './tabs';

// Administration: the year's funding conventions, one per funder — the metropolis over every
// contract or its own, a département over its own — each editable, removable, and another
// funder's added beside them. What each gives the PLIEs this year is shown from GET /api/funding.

type ConventionFunding = Funding['conventions'][number];

/** A convention in the page's address: its funder's SIRET, or `tous` for every contract. */
const funderParam = (c: { funderSiret: string | null }) => c.funderSiret ?? 'tous';

const funderLabel = (c: ConventionFunding) =>
  c.funderSiret
    ? `${c.funderName ?? 'Financeur'} (SIRET ${c.funderSiret})`
    : 'Tous les marchés (sans financeur désigné)';

/** "de Ville de Bègles (SIRET …)", or "sur tous les marchés": how a sentence names it. */
const conventionName = (c: ConventionFunding) =>
  c.funderSiret ? `de ${funderLabel(c)}` : 'sur tous les marchés';

const termsOf = (c: ConventionFunding) =>
  c.envelopes
    ? 'Une enveloppe par PLIE'
    : `${eur(c.fixedPerPlie ?? 0)} par PLIE + ${eur(c.perHour ?? 0)} par heure réalisée${c.funderSiret ? ' sur ses marchés' : ''}`;

export async function adminFundingPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'Administration — financement'), loading());
  const year = Number(params.get('annee') ?? yearOf(lastMonth()));
  const [list, funding] = await Promise.all([
    plies(),
    api<Funding>('GET', `/api/funding?year=${year}`).catch((e) =>
      e instanceof ApiError && e.status === 404 ? null : Promise.reject(e),
    ),
  ]);
  const conventions = funding?.conventions ?? [];
  const active = activeInYear([...list.values()], year);
  // Which convention the form is for: the one named in the address, the year's only one, or a
  // new one (the year's first, or another funder's).
  const asked = params.get('financeur');
  const edited =
    asked === 'nouveau'
      ? undefined
      : asked
        ? conventions.find((c) => funderParam(c) === asked)
        : conventions.length === 1
          ? conventions[0]
          : undefined;
  const here = (extra: string) => `#/administration/financement?annee=${year}${extra}`;
  const reload = (message: string, shown: string | null) => {
    if (shown) params.set('financeur', shown);
    else params.delete('financeur');
    void adminFundingPage(main, params).then(() =>
      main.querySelector('h1')?.after(notice('success', message)),
    );
  };
  const remove = async (c: ConventionFunding) => {
    const done = await confirmDialog({
      title: `Supprimer la convention ${year} ${conventionName(c)} ?`,
      body: [
        'Ce qu’elle donne aux PLIE ne comptera plus dans leur financement de l’année ; les autres conventions restent. La suppression est gardée dans l’historique.',
      ],
      confirm: 'Supprimer la convention',
      keep: 'Garder la convention',
      act: async () => {
        const query = c.funderSiret ? `?funderSiret=${c.funderSiret}` : '';
        await api('DELETE', `/api/funding-conventions/${year}${query}`, undefined, { raw: true });
      },
    });
    if (done) reload(`Convention ${year} ${conventionName(c)} supprimée.`, null);
  };
  const rows = conventions.map((c) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, funderLabel(c)),
      h('td', null, termsOf(c)),
      h('td', { class: 'num' }, eur(c.totals.total)),
      h(
        'td',
        null,
        h(
          'a',
          {
            href: here(`&financeur=${funderParam(c)}`),
            'aria-label': `Modifier la convention ${conventionName(c)}`,
          },
          'Modifier',
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `Supprimer la convention ${conventionName(c)}`,
            onclick: () => remove(c),
          },
          'Supprimer',
        ),
      ),
    ),
  );
  replace(
    main,
    h('h1', null, `Administration — financement ${year}`),
    adminTabs('financement'),
    yearLinks([year - 1, year, year + 1], year, (y) => `#/administration/financement?annee=${y}`),
    conventions.length
      ? h(
          'div',
          null,
          table(
            ['Financeur', 'Conditions', [`Financement ${year}`, 'num'], ''],
            rows,
            `Conventions de financement ${year}`,
          ),
          conventions.length > 1 && funding
            ? h(
                'p',
                { class: 'muted' },
                `Chaque PLIE reçoit la somme de ce que chaque convention lui donne : ${eur(funding.totals.total)} en ${year} pour tous les PLIE.`,
              )
            : null,
        )
      : notice('info', `Aucune convention n’est encore saisie pour ${year}.`),
    h(
      'h2',
      null,
      edited
        ? `Modifier la convention ${conventionName(edited)}`
        : conventions.length
          ? 'Ajouter la convention d’un autre financeur'
          : `Saisir la convention ${year}`,
    ),
    edited && conventions.length
      ? h(
          'p',
          null,
          h(
            'a',
            { href: here('&financeur=nouveau') },
            'Ajouter la convention d’un autre financeur',
          ),
        )
      : null,
    h(
      'div',
      { class: 'card' },
      conventionForm(year, active, edited ?? null, (funderSiret) =>
        reload(`Convention ${year} enregistrée.`, funderParam({ funderSiret })),
      ),
    ),
  );
}
