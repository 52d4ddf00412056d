import { ROLE_LABELS } from '#shared/domain/access';
import { parisDate } from '#shared/domain/calendar';
import { api } from '../../api';
import { confirmDialog } from '../../dialog';
import { field, h, loading, notice, replace, table } from '../../dom';
import { withExport } from '../../export';
import { showLocalProblems, showProblems } from '../../form-problems';
import { frenchDate } from '../../format';
import { forgetPlies, plies, territoriesOf } from '../../plies';
import type { Plie } from '../../types';
import { additionEffects } from './plie-effects';
import { adminTabs } from './tabs';

// Administration, first tab: the PLIEs (their active period, their communes, the coordinators
// who receive their monthly report) and what each role may do.

const lines = (text: string) =>
  text
    .split(/[\n,;]/)
    .map((t) => t.trim())
    .filter(Boolean);

export async function adminPliesPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'Administration'), loading());
  forgetPlies();
  const list = [...(await plies()).values()];
  const editing = params.get('plie');
  const chosen = list.find((p) => p.id === editing);
  replace(
    main,
    h('h1', null, 'Administration — PLIE'),
    adminTabs('plies'),
    params.get('enregistre') ? notice('success', 'PLIE enregistré.') : null,
    ...withExport(
      table(
        [
          'PLIE',
          'Code',
          'Territoire',
          'Période d’activité',
          'Communes',
          'Destinataires du rapport',
          '',
        ],
        list.map((p) =>
          h(
            'tr',
            null,
            h('td', null, h('a', { href: `#/plie/${p.id}` }, p.name)),
            // The code a statement file may name the PLIE by, beside its name.
            h('td', null, h('code', null, p.id)),
            h('td', null, p.territory ?? '—'),
            h('td', null, period(p)),
            h('td', null, p.communes.join(', ') || '—'),
            h(
              'td',
              null,
              p.coordinatorEmails?.join(', ') || h('span', { class: 'muted' }, 'aucun'),
            ),
            h(
              'td',
              null,
              h(
                'a',
                { href: `#/administration?plie=${p.id}`, 'aria-label': `Modifier ${p.name}` },
                'Modifier',
              ),
            ),
          ),
        ),
        'Les PLIE',
      ),
      'plie',
      'Exporter les PLIE',
    ),
    plieForm(chosen, list),
    h('h2', null, 'Les rôles'),
    h(
      'dl',
      { class: 'facts card' },
      h('dt', null, ROLE_LABELS.admin),
      h(
        'dd',
        null,
        'Tout ce que font les achats, plus les PLIE, les critères de répartition, les conventions de financement et les seuils européens.',
      ),
      h('dt', null, ROLE_LABELS.procurement),
      h(
        'dd',
        null,
        'Enregistre et complète les marchés, saisit et importe les heures, suit tous les PLIE, lit le journal.',
      ),
      h('dt', null, ROLE_LABELS['plie-coordinator']),
      h(
        'dd',
        null,
        'Voit les marchés, les heures, le financement et les participants de son seul PLIE ; gère ses participants et leurs sorties.',
      ),
    ),
    // Said as users know it: who opens the accounts, and where the report's recipients are
    // chosen; the directory's groups and the deployment's variables are the IT service's words.
    h(
      'p',
      { class: 'muted' },
      'Les comptes des agents sont ouverts par le service informatique de la collectivité, qui donne à chacun l’un de ces rôles et, à un coordinateur, son PLIE. Les titulaires sont invités depuis la page de leur marché. ',
      'Le rapport mensuel complet va aux destinataires choisis sur ',
      h('a', { href: '#/administration/relances' }, 'la page des relances'),
      ' et à ceux indiqués par le service informatique à l’installation ; le rapport de chaque PLIE va à ses coordinateurs.',
    ),
  );
}

function period(p: Plie): string {
  if (!p.activeFrom && !p.activeUntil) return 'Toujours actif';
  if (!p.activeUntil) return `Depuis le ${frenchDate(p.activeFrom ?? '')}`;
  if (!p.activeFrom) return `Jusqu’au ${frenchDate(p.activeUntil)}`;
  return `Du ${frenchDate(p.activeFrom)} au ${frenchDate(p.activeUntil)}`;
}

function plieForm(current: Plie | undefined, others: readonly Plie[]): HTMLElement {
  const territories = territoriesOf(others);
  const input = (name: string, attrs: Record<string, string | boolean> = {}) =>
    h('input', { name, autocomplete: 'off', ...attrs });
  // The code a statement file may name the PLIE by, as the table's « Code » column shows it.
  const id = field(
    'Code',
    input('id', { value: current?.id ?? '', disabled: !!current, maxlength: '40' }),
    'Lettres minuscules, chiffres et tirets, ex. portes-du-sud : un relevé peut nommer le PLIE par ce code. Il ne change plus ensuite',
  );
  const name = field('Nom', input('name', { value: current?.name ?? '', maxlength: '120' }));
  const territory = field(
    'Territoire',
    input('territory', {
      value: current?.territory ?? '',
      maxlength: '80',
      list: 'plie-territories',
    }),
    'Métropole ou agglomération : ses marchés partagés peuvent l’être entre ses seuls PLIE. Vide : aucun',
  );
  const known = h(
    'datalist',
    { id: 'plie-territories' },
    ...territories.map((t) => h('option', { value: t })),
  );
  const from = field(
    'Actif depuis le',
    input('activeFrom', { type: 'date', value: current?.activeFrom ?? '' }),
    // A new PLIE starts the day it is registered: left empty, it does not reach back into the
    // past years' funding and keys. An older PLIE says since when, on purpose.
    current
      ? 'Vide : depuis toujours (ses années passées comptent, part fixe comprise)'
      : 'Vide : à partir d’aujourd’hui, jour de son enregistrement. Une date passée seulement s’il existait déjà : ses années passées compteront, part fixe comprise',
  );
  const until = field(
    'Actif jusqu’au',
    input('activeUntil', { type: 'date', value: current?.activeUntil ?? '' }),
    'Un PLIE fermé ou fusionné n’est jamais supprimé : il garde ses heures',
  );
  const communes = field(
    'Communes (une par ligne)',
    h(
      'textarea',
      { name: 'communes', id: 'plie-communes', rows: '3' },
      current?.communes.join('\n') ?? '',
    ),
  );
  const emails = field(
    'Coordinateurs qui reçoivent le rapport du PLIE (une adresse par ligne)',
    h(
      'textarea',
      { name: 'emails', id: 'plie-emails', rows: '2' },
      current?.coordinatorEmails?.join('\n') ?? '',
    ),
  );
  const summary = h('div', { tabindex: '-1' });
  const fields = {
    id,
    name,
    territory,
    activeFrom: from,
    activeUntil: until,
    communes,
    coordinatorEmails: emails,
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const plieId = current?.id ?? (id.control as HTMLInputElement).value.trim();
        const value = (f: typeof name) => (f.control as HTMLInputElement).value.trim();
        // Everything the page can check, in one pass, before asking anything of the API.
        const problems: [typeof name, string][] = [];
        if (!/^[a-z0-9-]{2,40}$/.test(plieId))
          problems.push([
            id,
            'De 2 à 40 lettres minuscules, chiffres ou tirets, ex. portes-du-sud',
          ]);
        if (!value(name)) problems.push([name, 'Champ obligatoire.']);
        const wrong = lines(emails.control.value).filter(
          (e) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e),
        );
        if (wrong.length) problems.push([emails, `Adresse invalide : ${wrong.join(', ')}`]);
        if (value(from) && value(until) && value(until) < value(from))
          problems.push([until, 'La fermeture ne peut précéder l’ouverture']);
        if (showLocalProblems(fields, problems, summary)) return;
        const save = () =>
          api('PUT', `/api/plies/${plieId}`, {
            name: value(name),
            communes: lines(communes.control.value),
            ...(value(territory) ? { territory: value(territory) } : {}),
            coordinatorEmails: lines(emails.control.value),
            // Emptied on a PLIE being edited: since always (null), as the hint says.
            ...(value(from) ? { activeFrom: value(from) } : current ? { activeFrom: null } : {}),
            ...(value(until) ? { activeUntil: value(until) } : {}),
          });
        const saved = () => {
          forgetPlies();
          location.hash = `#/administration?enregistre=${Date.now()}`;
        };
        try {
          // A PLIE added in the year under way changes its key and its funding: said first.
          const effects = current
            ? null
            : await additionEffects(
                {
                  id: plieId,
                  name: value(name) || plieId,
                  territory: value(territory) || null,
                  activeFrom: value(from) || null,
                  activeUntil: value(until) || null,
                },
                others,
                parisDate(new Date()),
              );
          if (effects) {
            const added = await confirmDialog({
              title: `Ajouter ${value(name) || plieId} : ce qui change cette année`,
              body: effects,
              confirm: 'Confirmer l’ajout',
              keep: 'Revenir au formulaire',
              act: async () => {
                await save();
              },
            });
            if (added) saved();
            return;
          }
          await save();
          saved();
        } catch (error) {
          showProblems(error, fields, summary);
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h('div', { class: 'grid3' }, id.element, name.element, territory.element),
    known,
    h('div', { class: 'grid3' }, from.element, until.element),
    h('div', { class: 'grid3' }, communes.element, emails.element),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, current ? 'Enregistrer le PLIE' : 'Ajouter le PLIE'),
      current ? h('a', { href: '#/administration' }, 'Annuler') : null,
    ),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'plie-form-title' },
    h('h2', { id: 'plie-form-title' }, current ? `Modifier ${current.name}` : 'Ajouter un PLIE'),
    form,
  );
}
