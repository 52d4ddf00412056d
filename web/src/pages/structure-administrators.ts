import { ApiError, api } from '../api';
import { type Field, field, h, notice, replace } from '../dom';
import { showLocalProblems, showProblems } from '../form-problems';

// On the operator's structures page: inviting a structure's administrator (its first one,
// usually), in a form that opens under the list for one structure, and what came of it — in
// AWS an account whose temporary password Cognito e-mails, locally a sign-in link to hand over.

export interface InvitedAdministrator {
  email: string;
  tenant: string;
  account: 'created' | 'existing' | 'local';
  signInUrl: string | null;
  recorded: boolean;
}

/** "Aucun", "1 invité", "2 invités": what the list says of a structure's administrators. */
export function administratorsText(count: number): string {
  if (count === 0) return 'Aucun';
  return `${count.toLocaleString('fr-FR')} invité${count > 1 ? 's' : ''}`;
}

/**
 * The form, drawn in `box` for structure `structure`: the focus goes to its address field;
 * « Annuler » empties the box and gives the focus back (`back`); a sent invitation is handed
 * to `done`.
 */
export function openInvitation(
  box: HTMLElement,
  structure: { id: string; name: string },
  back: () => void,
  done: (invited: InvitedAdministrator, name: string) => void,
): void {
  const email = field(
    'Adresse e-mail',
    h('input', { name: 'email', type: 'email', autocomplete: 'off', maxlength: '254' }),
    'L’administrateur de la structure : il créera ensuite les comptes de ses collègues.',
  );
  const name = field(
    'Nom (facultatif)',
    h('input', { name: 'name', autocomplete: 'off', maxlength: '120' }),
    'Tel que les historiques le montreront, ex. Camille Martin',
  );
  const summary = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Envoyer l’invitation');
  const cancel = () => {
    replace(box);
    back();
  };
  const titleId = `invitation-${structure.id}`;
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        // An empty address is said as such, here, not as the server's « invalide ».
        const typedEmail = (email.control as HTMLInputElement).value.trim();
        const missing: [Field, string][] = typedEmail
          ? []
          : [[email, 'Indiquez l’adresse e-mail de l’administrateur.']];
        if (showLocalProblems({ email, name }, missing, summary)) return;
        submit.disabled = true;
        const typedName = (name.control as HTMLInputElement).value.trim();
        try {
          const invited = await api<InvitedAdministrator>(
            'POST',
            `/api/tenants/${encodeURIComponent(structure.id)}/administrators`,
            {
              email: typedEmail,
              ...(typedName ? { name: typedName } : {}),
            },
          );
          done(invited, structure.name);
        } catch (error) {
          submit.disabled = false;
          // An address already administrator elsewhere is the address's problem: said beside it.
          const placed =
            error instanceof ApiError && error.status === 409 && !error.errors.length
              ? new ApiError(409, error.detail, [{ path: 'email', message: error.detail }])
              : error;
          showProblems(placed, { email, name }, summary);
        }
      },
      onkeydown: (event: Event) => {
        if ((event as KeyboardEvent).key === 'Escape') cancel();
      },
    },
    // The errors' summary on top of the form, as every other form has it.
    summary,
    h('div', { class: 'grid3' }, email.element, name.element),
    h(
      'div',
      { class: 'actions' },
      submit,
      h('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Annuler'),
    ),
  );
  replace(
    box,
    h(
      'section',
      { class: 'card', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, `Inviter un administrateur de « ${structure.name} »`),
      h(
        'p',
        { class: 'muted' },
        'Il reçoit un accès d’administrateur à cette structure seulement. L’invitation est notée au registre de la plateforme (qui l’a faite, quand), sans rien lire des données de la structure.',
      ),
      form,
    ),
  );
  email.control.focus();
}

/** What became of an invitation, said in words (and, locally, the link to hand over). */
export function invitationNotice(invited: InvitedAdministrator, structureName: string) {
  const who = `${invited.email}, administrateur de « ${structureName} »`;
  const said =
    invited.account === 'created'
      ? `Invitation envoyée à ${who} : un courriel a été envoyé avec son mot de passe provisoire.`
      : invited.account === 'existing'
        ? `${who} : cette adresse était déjà invitée à cette structure, rien de nouveau n’a été envoyé.`
        : `Invitation enregistrée pour ${who}.`;
  const link = invited.signInUrl
    ? h('input', {
        type: 'text',
        readonly: true,
        value: invited.signInUrl,
        id: 'invitation-link',
        class: 'copy-link',
        'aria-label': 'Lien de connexion à transmettre',
        onfocus: (event: Event) => (event.target as HTMLInputElement).select(),
      })
    : null;
  const copied = h('span', { class: 'muted', 'aria-live': 'polite' });
  const box = notice(
    'success',
    h('strong', null, said),
    link
      ? h(
          'div',
          { class: 'copy' },
          h(
            'p',
            null,
            'Mode local : pas de compte ni de courriel. Transmettez-lui ce lien de connexion :',
          ),
          link,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary small',
              onclick: async () => {
                const text = (link as HTMLInputElement).value;
                try {
                  await navigator.clipboard.writeText(text);
                  copied.textContent = 'Lien copié.';
                } catch {
                  (link as HTMLInputElement).select();
                  copied.textContent = 'Copie impossible ici : le lien est sélectionné, copiez-le.';
                }
              },
            },
            'Copier le lien',
          ),
          copied,
        )
      : null,
  );
  box.setAttribute('tabindex', '-1');
  return box;
}
