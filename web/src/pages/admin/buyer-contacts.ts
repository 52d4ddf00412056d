import { ApiError, api } from '../../api';
import { type Field, field, h, loading, notice, replace } from '../../dom';
import { showProblems } from '../../form-problems';
import { goTo } from '../../navigate';
import { adminTabs } from './tabs';

// Administration: who, at each buyer (donneur d'ordre) of the structure's contracts, receives
// the buyer's bilan of the year every January — HTML, text and the workbook attached, once.
// The buyers offered are those the contracts name with a SIRET; one address per line.

interface BuyerContact {
  siret: string;
  name: string;
  emails: string[];
}
interface KnownBuyer {
  siret: string;
  name: string;
  contracts: number;
}

const siretText = (siret: string) =>
  `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;

export async function adminBuyerContactsPage(
  main: HTMLElement,
  params: URLSearchParams,
): Promise<void> {
  const title = 'Administration — bilans des acheteurs';
  replace(main, h('h1', null, title), loading());
  const { items, buyers } = await api<{ items: BuyerContact[]; buyers: KnownBuyer[] }>(
    'GET',
    '/api/settings/buyer-contacts',
  );
  const recorded = new Map(items.map((item) => [item.siret, item]));
  // The contracts' buyers, and any recorded one no contract names any more.
  const rows: KnownBuyer[] = [
    ...buyers,
    ...items
      .filter((item) => !buyers.some((b) => b.siret === item.siret))
      .map((item) => ({ siret: item.siret, name: item.name, contracts: 0 })),
  ];
  const fields = new Map<string, Field>(
    rows.map((buyer) => [
      buyer.siret,
      field(
        `Destinataires — ${buyer.name}`,
        h(
          'textarea',
          { name: `emails-${buyer.siret}`, rows: 2, style: 'max-width: 32rem' },
          (recorded.get(buyer.siret)?.emails ?? []).join('\n'),
        ),
        `SIRET ${siretText(buyer.siret)} · ${buyer.contracts} marché(s). Une adresse par ligne (10 au plus) ; aucune : pas de bilan.`,
      ),
    ]),
  );
  const summary = h('div', { tabindex: '-1' });
  const addresses = (siret: string) =>
    (fields.get(siret)?.control.value ?? '')
      .split(/[\s,;]+/)
      .map((email) => email.trim())
      .filter(Boolean);
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const sent = rows
          .map((buyer) => ({ siret: buyer.siret, emails: addresses(buyer.siret) }))
          .filter((item) => item.emails.length > 0);
        try {
          const saved = await api<{ items: BuyerContact[] }>(
            'PUT',
            '/api/settings/buyer-contacts',
            { items: sent },
          );
          goTo(`#/administration/acheteurs?enregistre=${saved.items.length}`);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          // `items.<i>.emails.<j>` or `items.<i>.siret`: said beside that buyer's addresses, and
          // each in the summary at the top of the form, linked to them.
          const placed = error.errors.map((problem) => {
            const [, i, what, j] = problem.path?.split('.') ?? [];
            const item = sent[Number(i)];
            if (!item || !fields.has(item.siret)) return problem;
            const wrong = what === 'emails' ? item.emails[Number(j)] : undefined;
            return {
              path: item.siret,
              message: wrong ? `Adresse invalide : ${wrong}` : problem.message,
            };
          });
          showProblems(
            new ApiError(error.status, error.detail, placed),
            Object.fromEntries(fields),
            summary,
          );
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    rows.length
      ? [...fields.values()].map((f) => f.element)
      : h('p', null, 'Aucun marché de la structure ne nomme d’acheteur avec un SIRET.'),
    rows.length
      ? h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer'))
      : null,
  );
  const saved = params.get('enregistre');
  replace(
    main,
    h('h1', null, title),
    adminTabs('acheteurs'),
    saved !== null
      ? notice(
          'success',
          `${saved} acheteur(s) recevront leur bilan de l’année écoulée en janvier.`,
        )
      : null,
    h(
      'p',
      null,
      'Chaque janvier, lors du premier envoi programmé du mois, chaque acheteur qui a une adresse reçoit une seule fois le bilan de ses marchés de l’année écoulée : les chiffres clés et ses marchés dans le message, le détail dans un classeur Excel joint. Les acheteurs proposés sont ceux que nomment les marchés de la structure, avec un SIRET.',
    ),
    h('div', { class: 'card' }, form),
  );
}
