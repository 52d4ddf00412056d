import { holderOf } from '#shared/domain/awardees';
import { ApiError, api } from '../api';
import { field, h, notice, replace, select, table } from '../dom';
import { showProblems } from '../form-problems';
import { frenchDateTime } from '../format';
import type { ContractDetail } from '../types';

// On a contract's page, for the facilitator: who at the awardee's company declares the hours
// (invited contacts, reminded when a month's statement is late), and the form that invites one.

interface Contact {
  email: string;
  siret: string;
  invitedAt: string;
}

interface Invitation {
  email: string;
  account: 'created' | 'existing' | 'local';
  signInUrl: string | null;
}

export async function awardeesSection(contract: ContractDetail): Promise<HTMLElement> {
  const box = h('section', { 'aria-labelledby': 'titulaire-declarations' });
  await draw(box, contract, null);
  return box;
}

async function draw(box: HTMLElement, contract: ContractDetail, done: Invitation | null) {
  const contacts = await api<{ items: Contact[] }>(
    'GET',
    `/api/contracts/${contract.id}/invitations`,
  );
  const holders = [contract.awardee, ...(contract.coAwardees ?? [])].filter(
    (holder): holder is { name: string; siret: string } => !!holder.siret,
  );
  const nameOf = (siret: string) => holderOf(contract, siret)?.name ?? siret;
  const email = field(
    'Adresse e-mail du contact',
    h('input', { name: 'email', type: 'email', autocomplete: 'off' }),
    'La personne qui déclare les heures chez le titulaire (paie, conduite de travaux).',
  );
  const company = field(
    'Entreprise',
    select(
      'siret',
      holders.map((holder) => [holder.siret, `${holder.name} (SIRET ${holder.siret})`]),
    ),
  );
  const summary = h('div');
  const submit = h('button', { type: 'submit' }, 'Inviter');
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        submit.disabled = true;
        try {
          const invitation = await api<Invitation>(
            'POST',
            `/api/contracts/${contract.id}/invitations`,
            { email: email.control.value.trim(), siret: company.control.value },
          );
          await draw(box, contract, invitation);
          const said = box.querySelector<HTMLElement>('.notice');
          said?.setAttribute('tabindex', '-1');
          said?.focus();
        } catch (error) {
          submit.disabled = false;
          if (!(error instanceof ApiError)) throw error;
          showProblems(error, { email, siret: company }, summary);
        }
      },
    },
    h('div', { class: 'row' }, email.element, holders.length > 1 ? company.element : null),
    summary,
    h('div', { class: 'actions' }, submit),
  );
  replace(
    box,
    h('h2', { id: 'titulaire-declarations' }, 'Déclarations du titulaire'),
    h(
      'p',
      { class: 'muted' },
      'Un contact invité déclare lui-même les heures de chaque mois terminé ; vous les validez sous « Relevés ». Il est relancé une fois par mois quand le relevé du mois précédent manque.',
    ),
    done
      ? notice(
          'success',
          `Invitation enregistrée pour ${done.email}. `,
          done.account === 'created'
            ? 'Un compte a été créé : il reçoit par courriel son mot de passe provisoire.'
            : done.account === 'existing'
              ? 'Cette adresse avait déjà un compte de l’entreprise : elle peut déclarer.'
              : null,
          done.signInUrl
            ? h(
                'span',
                null,
                'Mode local : transmettez-lui ce lien de connexion : ',
                h('a', { href: done.signInUrl }, done.signInUrl),
              )
            : null,
        )
      : null,
    contacts.items.length
      ? table(
          ['Contact', 'Entreprise', 'Invité le'],
          contacts.items.map((c) =>
            h(
              'tr',
              null,
              h('td', null, c.email),
              h('td', null, nameOf(c.siret)),
              h('td', null, frenchDateTime(c.invitedAt)),
            ),
          ),
          'Contacts invités',
        )
      : notice(
          'info',
          'Aucun contact du titulaire n’est invité : ses heures sont saisies par vos soins.',
        ),
    holders.length
      ? form
      : notice('info', 'Le titulaire n’a pas de SIRET : il ne peut pas être invité.'),
  );
}
