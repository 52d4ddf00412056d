import { ROLE_LABELS, STRUCTURE_ROLES } from '#shared/domain/access';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
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
    'Une entreprise titulaire : déclare les heures d’insertion de ses marchés, dans toutes les structures qui les suivent.',
  ],
  [
    'operator',
    ROLE_LABELS.operator,
    'Crée les structures de la plateforme et en voit la taille, jamais les données.',
  ],
  [
    'observer',
    ROLE_LABELS.observer,
    'Les agrégats annuels de toutes les structures, sous secret statistique : jamais une personne ni un marché.',
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
  const tenantSelect = h(
    'select',
    {
      id: 'signin-tenant',
      name: 'tenant',
      disabled: true,
      'aria-describedby': 'signin-tenant-hint',
      onchange: () => void loadPlies(),
    },
    h('option', { value: '' }, 'Chargement des structures…'),
  );
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
  const chosenRole = () =>
    (form.querySelector('input[name="role"]:checked') as HTMLInputElement | null)?.value as Role;
  // Each field is open to the roles it is for, once its list is there.
  let tenantsLoaded = false;
  let pliesLoaded = false;
  const sync = () => {
    const role = chosenRole();
    tenantSelect.disabled = !tenantsLoaded || !STRUCTURE_ROLES.includes(role);
    plieSelect.disabled = !pliesLoaded || role !== 'plie-coordinator';
    siretInput.disabled = role !== 'awardee';
  };
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
          await signInLocally(role, {
            tenant: String(data.get('tenant') ?? '') || undefined,
            plieId: String(data.get('plieId') ?? ''),
            siret: String(data.get('siret') ?? ''),
          });
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
            onchange: sync,
          }),
          h('span', null, h('strong', null, label), h('br'), h('span', { class: 'muted' }, help)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field', style: 'max-width:360px' },
      h('label', { for: 'signin-tenant' }, 'Structure'),
      tenantSelect,
      h(
        'span',
        { class: 'hint', id: 'signin-tenant-hint' },
        'Celle des achats, de l’administrateur ou du coordinateur ; un titulaire, l’opérateur et l’observatoire n’en ont pas.',
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
  // An invitation's link (local mode) opens the sign-in as the invited company, or as the
  // administrator of the structure the operator invited them to.
  const linkParams = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const invited = linkParams.get('titulaire');
  const administered = linkParams.get('administrateur');
  if (administered) {
    (form.querySelector('input[value="admin"]') as HTMLInputElement).checked = true;
  }
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
  sync();

  // The structures this local server holds (a public list, in local mode only).
  try {
    const { items } = (await fetch('/dev/tenants').then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    })) as { items: { id: string; name: string }[] };
    const chosen = items.some((t) => t.id === administered) ? administered : DEFAULT_TENANT;
    replace(
      tenantSelect,
      items.map((t) => h('option', { value: t.id, selected: t.id === chosen }, t.name)),
    );
    tenantsLoaded = true;
  } catch {
    replace(tenantSelect, h('option', { value: '' }, 'Structures indisponibles'));
  }
  sync();
  await loadPlies();

  /**
   * The chosen structure's PLIEs, for a coordinator. The list is open on this local server only
   * through a token: take a procurement one of that structure. A later choice wins over a list
   * still on its way.
   */
  async function loadPlies(): Promise<void> {
    const asked = ++plieLoads;
    pliesLoaded = false;
    replace(plieSelect, h('option', { value: '' }, 'Chargement des PLIE…'));
    sync();
    const tenant = tenantSelect.value;
    try {
      const response = await fetch('/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'procurement', ...(tenant ? { tenant } : {}) }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const { token } = (await response.json()) as { token: string };
      const answer = await fetch('/api/plies', { headers: { authorization: `Bearer ${token}` } });
      if (!answer.ok) throw new Error(String(answer.status));
      const list = (await answer.json()) as { items: Plie[] };
      if (asked !== plieLoads) return;
      replace(
        plieSelect,
        list.items.length
          ? list.items.map((p) => h('option', { value: p.id }, p.name))
          : h('option', { value: '' }, 'Aucun PLIE dans cette structure'),
      );
      pliesLoaded = list.items.length > 0;
    } catch {
      if (asked !== plieLoads) return;
      replace(plieSelect, h('option', { value: '' }, 'PLIE indisponibles'));
    }
    sync();
  }
}

/** Each PLIE list asked for, so that only the last one answered is shown. */
let plieLoads = 0;
