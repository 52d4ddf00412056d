import { ROLE_LABELS } from '#shared/domain/access';
import { pagesConfig, type Role, signInLocally, startCognitoSignIn } from '../auth';
import { h, loading, notice, replace } from '../dom';
import type { Plie } from '../types';

const ROLES: [Role, string, string][] = [
  [
    'procurement',
    ROLE_LABELS.procurement,
    'Saisir les heures, importer les relevés, suivre les marchés.',
  ],
  [
    'admin',
    ROLE_LABELS.admin,
    'Tout, plus les PLIE, les critères et les conventions de financement.',
  ],
  [
    'plie-coordinator',
    ROLE_LABELS['plie-coordinator'],
    'Les marchés, financements et participants de son PLIE.',
  ],
  [
    'awardee',
    ROLE_LABELS.awardee,
    'Une entreprise titulaire : déclare les heures d’insertion de ses marchés.',
  ],
];

export async function signInPage(main: HTMLElement, onSignedIn: () => void): Promise<void> {
  replace(main, loading());
  const config = await pagesConfig();
  if (config.mode === 'cognito') {
    replace(
      main,
      h('h1', null, 'Connexion'),
      h(
        'p',
        null,
        'Connectez-vous avec votre compte de la collectivité (double authentification).',
      ),
      h(
        'button',
        { type: 'button', onclick: () => void startCognitoSignIn(config) },
        'Se connecter',
      ),
    );
    return;
  }
  // Local mode: anyone on this machine may take any role. Say so plainly.
  const plieSelect = h(
    'select',
    { id: 'signin-plie', name: 'plieId', disabled: true },
    h('option', { value: '' }, 'Chargement des PLIE…'),
  );
  const siretInput = h('input', {
    id: 'signin-siret',
    name: 'siret',
    inputmode: 'numeric',
    autocomplete: 'off',
    disabled: true,
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const data = new FormData(form);
        const role = data.get('role') as Role;
        const button = form.querySelector('button') as HTMLButtonElement;
        button.disabled = true;
        try {
          await signInLocally(
            role,
            String(data.get('plieId') ?? ''),
            String(data.get('siret') ?? ''),
          );
          onSignedIn();
        } catch (e) {
          error.textContent = (e as Error).message;
          button.disabled = false;
        }
      },
    },
    h(
      'fieldset',
      { class: 'roles' },
      h('legend', null, 'Je suis :'),
      ROLES.map(([value, label, help], i) =>
        h(
          'label',
          null,
          h('input', {
            type: 'radio',
            name: 'role',
            value,
            checked: i === 0,
            onchange: () => {
              plieSelect.disabled = value !== 'plie-coordinator';
              siretInput.disabled = value !== 'awardee';
            },
          }),
          h('span', null, h('strong', null, label), h('br'), h('span', { class: 'muted' }, help)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field', style: 'max-width:360px' },
      h('label', { for: 'signin-plie' }, 'PLIE (pour un coordinateur)'),
      plieSelect,
    ),
    h(
      'div',
      { class: 'field', style: 'max-width:360px' },
      h('label', { for: 'signin-siret' }, 'SIRET de l’entreprise (pour un titulaire)'),
      siretInput,
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Se connecter')),
    error,
  );
  // An invitation's link (local mode) opens the sign-in as the invited company.
  const invited = new URLSearchParams(location.hash.split('?')[1] ?? '').get('titulaire');
  if (invited) {
    (form.querySelector('input[value="awardee"]') as HTMLInputElement).checked = true;
    siretInput.disabled = false;
    siretInput.value = invited;
  }
  replace(
    main,
    h('h1', null, 'Connexion'),
    notice(
      'local',
      h('strong', null, 'Mode local. '),
      'Pas de compte ni de mot de passe : choisissez un rôle pour essayer le produit. En production, la connexion passe par le compte de la collectivité.',
    ),
    h('div', { class: 'card' }, form),
  );
  // The PLIE list is public on this local server only through a token: take a procurement one.
  try {
    const response = await fetch('/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"role":"procurement"}',
    });
    const { token } = (await response.json()) as { token: string };
    const list = (await fetch('/api/plies', { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => r.json(),
    )) as { items: Plie[] };
    replace(
      plieSelect,
      list.items.map((p) => h('option', { value: p.id }, p.name)),
    );
    plieSelect.disabled = !(
      form.querySelector('input[value="plie-coordinator"]') as HTMLInputElement
    ).checked;
  } catch {
    replace(plieSelect, h('option', { value: '' }, 'PLIE indisponibles'));
  }
}
