import { ApiError, api } from '../api';
import { field, h, loading, notice, replace, table } from '../dom';
import { withExport } from '../export';
import { showProblems } from '../form-problems';
import {
  administratorsText,
  type InvitedAdministrator,
  invitationNotice,
  openInvitation,
} from './structure-administrators';

// The platform operator's home: the structures the deployment serves ("structures porteuses"),
// their names, sizes and invited administrators — never their data —, the form that invites a
// structure's administrator (structure-administrators.ts) and the one that creates a structure.

interface StructureSummary {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  plies: number;
  contracts: number;
  administrators: number;
}

/** The day a structure was created, in Paris. */
function createdOn(iso: string): string {
  const at = new Date(iso);
  return iso && !Number.isNaN(at.getTime())
    ? at.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })
    : '—';
}

/** A count as French readers write it (`1 234`). */
const count = (n: number) => n.toLocaleString('fr-FR');

export async function structuresPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'Structures'), loading());
  await drawStructures(main, params, null);
}

/** The page, drawn again after an invitation (its count changes), with what came of it. */
async function drawStructures(
  main: HTMLElement,
  params: URLSearchParams,
  invited: { invited: InvitedAdministrator; name: string } | null,
): Promise<void> {
  const { items } = await api<{ items: StructureSummary[] }>('GET', '/api/tenants');
  const list = [...items].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const created = list.find((t) => t.id === params.get('creee'));
  const invitation = h('div');
  const said = invited ? invitationNotice(invited.invited, invited.name) : null;
  const inviteButton = (t: StructureSummary) => {
    const button: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'aria-label': `Inviter un administrateur — ${t.name}`,
        'aria-expanded': 'false',
        onclick: () => {
          for (const other of main.querySelectorAll('[aria-expanded="true"]'))
            other.setAttribute('aria-expanded', 'false');
          button.setAttribute('aria-expanded', 'true');
          openInvitation(
            invitation,
            t,
            () => {
              button.setAttribute('aria-expanded', 'false');
              button.focus();
            },
            (answer, name) => void drawStructures(main, params, { invited: answer, name }),
          );
        },
      },
      'Inviter un administrateur',
    );
    return button;
  };
  replace(
    main,
    h('h1', null, 'Structures'),
    h(
      'p',
      { class: 'muted' },
      'Les structures porteuses que sert la plateforme, avec leur taille et leurs administrateurs invités. Chacune garde ses données pour elle : l’opérateur en voit le nom et la taille, jamais le contenu.',
    ),
    created
      ? notice(
          'success',
          `Structure « ${created.name} » créée. Les comptes de ses utilisateurs portent l’identifiant « ${created.id} » (attribut custom:tenant).`,
        )
      : null,
    said,
    list.length
      ? withExport(
          table(
            [
              'Nom',
              'Identifiant',
              ['PLIE', 'num'],
              ['Marchés', 'num'],
              'Créée le',
              'Administrateurs',
              '',
            ],
            list.map((t) =>
              h(
                'tr',
                t.id === created?.id ? { class: 'added' } : null,
                h('td', null, h('strong', null, t.name)),
                h('td', null, h('code', null, t.id)),
                h('td', { class: 'num' }, count(t.plies)),
                h('td', { class: 'num' }, count(t.contracts)),
                h('td', null, createdOn(t.createdAt)),
                h('td', null, administratorsText(t.administrators)),
                h('td', null, inviteButton(t)),
              ),
            ),
            'Les structures',
          ),
          'structures',
          'Exporter les structures',
        )
      : notice('info', 'Aucune structure n’est enregistrée pour l’instant.'),
    invitation,
    structureForm(),
  );
  said?.focus();
}

function structureForm(): HTMLElement {
  const id = field(
    'Identifiant',
    h('input', { name: 'id', autocomplete: 'off', maxlength: '40', spellcheck: 'false' }),
    'De 2 à 40 lettres minuscules, chiffres ou tirets, ex. grenoble-alpes : il ne change plus ensuite',
  );
  const name = field(
    'Nom',
    h('input', { name: 'name', autocomplete: 'off', maxlength: '120' }),
    'Tel que ses utilisateurs le liront, ex. Grenoble-Alpes Métropole',
  );
  const summary = h('div', { tabindex: '-1' });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const button = form.querySelector('button') as HTMLButtonElement;
        button.disabled = true;
        const value = (f: typeof id) => (f.control as HTMLInputElement).value.trim();
        const input = { id: value(id), name: value(name) };
        try {
          await api('POST', '/api/tenants', input);
          location.hash = `#/?creee=${encodeURIComponent(input.id)}`;
        } catch (error) {
          button.disabled = false;
          // An identifier already taken is the identifier's problem: said beside it.
          const placed =
            error instanceof ApiError && error.status === 409 && !error.errors.length
              ? new ApiError(409, error.detail, [{ path: 'id', message: error.detail }])
              : error;
          showProblems(placed, { id, name }, summary);
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h('div', { class: 'grid3' }, id.element, name.element),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Créer la structure')),
  );
  return h(
    'section',
    { class: 'card structure-form', 'aria-labelledby': 'structure-form-title' },
    h('h2', { id: 'structure-form-title' }, 'Créer une structure'),
    form,
  );
}
