import {
  CONTRACT_KIND_LABELS,
  CONTRACT_KINDS,
  SOCIAL_CONSIDERATION_LABELS,
  SOCIAL_CONSIDERATIONS,
} from '#shared/domain/contracts';
import { HOURS_TARGET_MISSING, hoursTargetMissing } from '#shared/domain/hours-target';
import { h, select } from '../dom';
import type { Contract, Plie } from '../types';

// The search, filters and sort of the contracts list: the form, the values the address keeps
// (so that a filtered list can be bookmarked and comes back with the browser's back button),
// and which contracts pass them, in which order.

/** A contract of the list, with whether it is behind schedule today. */
export interface ContractRow extends Contract {
  behind: boolean;
}

/** A sort: its label, and the order it puts the rows in. */
type Sort = [string, (a: ContractRow, b: ContractRow) => number];

const SORTS: Record<string, Sort> = {
  notification: [
    'Notification (récente d’abord)',
    (a, b) => b.notifiedOn.localeCompare(a.notifiedOn),
  ],
  reference: ['Référence', (a, b) => a.reference.localeCompare(b.reference, 'fr')],
  montant: ['Montant (le plus élevé d’abord)', (a, b) => b.amount - a.amount],
  avancement: ['Avancement (le plus faible d’abord)', (a, b) => rank(a) - rank(b)],
  titulaire: ['Titulaire', (a, b) => a.awardee.name.localeCompare(b.awardee.name, 'fr')],
};

/** Contracts without a target go last when sorting by progress. */
const rank = (row: ContractRow) => (row.targetHours ? row.progress : Number.POSITIVE_INFINITY);

const normalised = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function contractFilters(
  params: URLSearchParams,
  choices: {
    thisYear: number;
    year: string;
    /** The structure's known buyers: value (SIRET, or the name when none is known) and label. */
    buyers: [string, string][];
    plies: Map<string, Plie>;
  },
  /** Another year reads the list again; any other change draws the list from its first page. */
  on: { yearChosen: (year: string) => void; changed: () => void },
) {
  const { thisYear, year, buyers, plies: plieList } = choices;
  const form = h('form', {
    class: 'filters',
    role: 'search',
    onsubmit: (e: Event) => e.preventDefault(),
  });
  const control = (label: string, id: string, input: HTMLInputElement | HTMLSelectElement) => {
    input.id = `filtre-${id}`;
    input.addEventListener(input instanceof HTMLInputElement ? 'input' : 'change', () => {
      if (id === 'annee') {
        on.yearChosen(input.value);
        return;
      }
      on.changed();
    });
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
  };
  const search = h('input', {
    type: 'search',
    name: 'q',
    value: params.get('q') ?? '',
    placeholder: 'Référence, objet, titulaire, acheteur',
    autocomplete: 'off',
  });
  const yearSelect = select(
    'annee',
    [
      ...[thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map(
        (y) => [String(y), `En cours en ${y}`] as [string, string],
      ),
      ['toutes', 'Toutes les années'],
    ],
    year,
  );
  const buyer = select('acheteur', [['', 'Tous'], ...buyers], params.get('acheteur') ?? '');
  const source = select(
    'source',
    [
      ['', 'Toutes'],
      ['api', 'Saisis dans l’application'],
      ['decp', 'Importés des données essentielles (DECP)'],
    ],
    params.get('source') ?? '',
  );
  const kind = select(
    'nature',
    [
      ['', 'Toutes'],
      ...CONTRACT_KINDS.map((k) => [k, CONTRACT_KIND_LABELS[k]] as [string, string]),
    ],
    params.get('nature') ?? '',
  );
  const plie = select(
    'plie',
    [
      ['', 'Tous'],
      ['partage', 'Partagé entre PLIE'],
      ['aucun', 'Aucun PLIE désigné'],
      ...[...plieList.values()].map((p) => [p.id, p.name] as [string, string]),
    ],
    params.get('plie') ?? '',
  );
  const consideration = select(
    'consideration',
    [
      ['', 'Toutes'],
      ...SOCIAL_CONSIDERATIONS.map((c) => [c, SOCIAL_CONSIDERATION_LABELS[c]] as [string, string]),
      ['aucune', 'Aucune considération sociale'],
    ],
    params.get('consideration') ?? '',
  );
  const late = h('input', {
    type: 'checkbox',
    name: 'retard',
    checked: params.get('retard') === 'oui',
  });
  const sort = select(
    'tri',
    Object.entries(SORTS).map(([k, [label]]) => [k, label] as [string, string]),
    params.get('tri') ?? 'notification',
  );
  late.id = 'filtre-retard';
  late.addEventListener('change', () => on.changed());
  const noTarget = h('input', {
    type: 'checkbox',
    name: 'objectif',
    checked: params.get('objectif') === 'a-saisir',
  });
  noTarget.id = 'filtre-objectif';
  noTarget.addEventListener('change', () => on.changed());
  form.append(
    control('Rechercher', 'q', search),
    control('Année', 'annee', yearSelect),
    control('Acheteur', 'acheteur', buyer),
    control('Nature', 'nature', kind),
    control('PLIE', 'plie', plie),
    control('Considération sociale', 'consideration', consideration),
    control('Origine', 'source', source),
    control('Trier par', 'tri', sort),
    h(
      'div',
      { class: 'field check' },
      late,
      h('label', { for: 'filtre-retard' }, 'En retard seulement'),
    ),
    h(
      'div',
      { class: 'field check' },
      noTarget,
      h('label', { for: 'filtre-objectif' }, `Clause sociale, ${HOURS_TARGET_MISSING}`),
    ),
  );

  return {
    form,
    /**
     * The filters the API applies (GET /api/contracts: buyerSiret, source, consideration,
     * targetMissing), so that the list read is the one asked for, whatever its size. The
     * others (search, kind, PLIE, late, no consideration, a buyer known by name only) are
     * applied to what it answers.
     */
    apiQuery: (): URLSearchParams => {
      const q = new URLSearchParams();
      if (/^\d{14}$/.test(buyer.value)) q.set('buyerSiret', buyer.value);
      if (source.value) q.set('source', source.value);
      if (consideration.value && consideration.value !== 'aucune')
        q.set('consideration', consideration.value);
      if (noTarget.checked) q.set('targetMissing', 'true');
      return q;
    },
    /** The buyers offered, as the lists read so far name them; the one chosen stays chosen. */
    setBuyers: (choices: [string, string][]) => {
      const chosen = buyer.value;
      buyer.replaceChildren(
        ...[['', 'Tous'] as [string, string], ...choices].map(([value, label]) =>
          h('option', { value, selected: value === chosen }, label),
        ),
      );
    },
    /** The filters and sort, under the names the address gives them. */
    values: (): Record<string, string> => ({
      annee: yearSelect.value,
      q: search.value,
      acheteur: buyer.value,
      nature: kind.value,
      plie: plie.value,
      consideration: consideration.value,
      source: source.value,
      tri: sort.value,
      retard: late.checked ? 'oui' : '',
      objectif: noTarget.checked ? 'a-saisir' : '',
    }),
    /** The contracts that pass the filters, in the order chosen. */
    filtered: (rows: ContractRow[]): ContractRow[] => {
      const words = normalised(search.value).split(/\s+/).filter(Boolean);
      return rows
        .filter((r) => {
          const text = normalised(
            `${r.reference} ${r.title} ${r.awardee.name} ${r.buyer.name} ${r.lot ?? ''}`,
          );
          if (!words.every((w) => text.includes(w))) return false;
          // By SIRET; a buyer published without one, and older addresses, by its name.
          if (buyer.value && r.buyer.siret !== buyer.value && r.buyer.name !== buyer.value)
            return false;
          if (source.value && r.source !== source.value) return false;
          if (kind.value && r.kind !== kind.value) return false;
          if (plie.value === 'partage' && r.allocation?.mode !== 'shared') return false;
          if (plie.value === 'aucun' && r.allocation) return false;
          if (
            plie.value &&
            !['partage', 'aucun'].includes(plie.value) &&
            !(r.allocation?.mode === 'single' && r.allocation.plieId === plie.value)
          )
            return false;
          if (consideration.value === 'aucune' && r.socialConsiderations.length) return false;
          if (
            consideration.value &&
            consideration.value !== 'aucune' &&
            !r.socialConsiderations.includes(consideration.value as never)
          )
            return false;
          if (late.checked && !r.behind) return false;
          if (noTarget.checked && !hoursTargetMissing(r)) return false;
          return true;
        })
        .sort((SORTS[sort.value] ?? (SORTS.notification as Sort))[1]);
    },
  };
}
