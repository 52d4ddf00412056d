import './styles.css';
import { mayDo, PLATFORM_ROLES, ROLE_LABELS } from '#shared/domain/access';
import { ApiError } from './api';
import { completeCognitoSignIn, currentSession, ownPlie, type Session, signOut } from './auth';
import { companyName } from './company';
import { h, notice, replace } from './dom';
import { mayOpen, pageAction } from './page-access';
import { awardeeHomePage } from './pages/awardee-home';
import { changesPage } from './pages/changes';
import { compliancePage } from './pages/compliance';
import { contractPage } from './pages/contract';
import { contractsPage } from './pages/contracts';
import { dashboardPage } from './pages/dashboard';
import { declarePage } from './pages/declare';
import { decpImportPage } from './pages/decp-import';
import { editContractPage } from './pages/edit-contract';
import { hourLinesPage } from './pages/hour-lines';
import { importPage, importsPage } from './pages/imports';
import { logHoursPage } from './pages/log-hours';
import { newContractPage } from './pages/new-contract';
import { participantPage } from './pages/participant';
import { participantsPage } from './pages/participants';
import { pliePage } from './pages/plie';
import { pliesPage } from './pages/plies';
import { reportPage } from './pages/report';
import { reservedPage } from './pages/reserved';
import { signInPage } from './pages/signin';
import { statementReviewPage } from './pages/statement-review';
import { statementsPage } from './pages/statements';
import { plieName } from './plies';
import { structureName } from './structure';

// The pages: a hash router over a handful of screens, each drawing itself from /api.

function navigation(session: Session): [string, string][] {
  // The platform's roles see no structure's pages: the operator its structures, the
  // observatory its own home.
  if (session.role === 'operator') return [['#/', 'Structures']];
  if (session.role === 'observer') return [['#/', 'Observatoire']];
  const own = ownPlie(session);
  const links: [string, string][] =
    session.role === 'awardee'
      ? [
          ['#/', 'Mes marchés et relevés'],
          ['#/declarer', 'Déclarer des heures'],
        ]
      : [
          ['#/', 'Tableau de bord'],
          ['#/marches', 'Marchés'],
          ['#/saisie', 'Saisir des heures'],
          ['#/heures', 'Lignes d’heures'],
          ['#/releves', 'Relevés'],
          ['#/imports', 'Imports'],
          own ? [`#/plie/${own}`, 'Mon PLIE'] : ['#/plies', 'PLIE'],
          ['#/participants', 'Participants'],
          ['#/conformite', 'Marchés réservés et conformité'],
          ['#/rapport', 'Rapport mensuel'],
          ['#/bilan', 'Bilan'],
          ['#/journal', 'Journal'],
          ['#/administration', 'Administration'],
        ];
  // Only the pages the role may use (the table of web/src/page-access.ts).
  return links.filter(([href]) => mayOpen(session, href));
}

/** A section's link stays current on the pages under it (a contract under "Marchés"). */
function isCurrent(href: string, path: string): boolean {
  const target = href.slice(1);
  return target === '/' ? path === '/' : path === target || path.startsWith(`${target}/`);
}

async function drawHeader(session: Session | null, path: string): Promise<void> {
  const nav = document.getElementById('nav') as HTMLElement;
  const who = document.getElementById('who') as HTMLElement;
  const menu = document.getElementById('menu') as HTMLButtonElement;
  menu.hidden = !session;
  if (!session) {
    replace(nav);
    replace(who);
    return;
  }
  replace(
    nav,
    h(
      'ul',
      null,
      navigation(session).map(([href, label]) =>
        h(
          'li',
          null,
          h(
            'a',
            {
              href,
              'aria-current': isCurrent(href, path) ? 'page' : null,
            },
            label,
          ),
        ),
      ),
    ),
  );
  const own = ownPlie(session);
  // A structure's people read its name beside their role; an awardee, which works for several
  // structures and belongs to none, its company's.
  const [structure, plie] = await Promise.all([
    (session.role === 'awardee' ? companyName(session) : structureName(session)).catch(() => null),
    own ? plieName(own).catch(() => own) : null,
  ]);
  replace(
    who,
    h(
      'span',
      null,
      ROLE_LABELS[session.role],
      structure ? [' · ', h('strong', { class: 'structure' }, structure)] : null,
      plie ? ` · ${plie}` : '',
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void signOut() },
      'Se déconnecter',
    ),
  );
}

/**
 * Pages anyone may read, signed in or not: the footer's. Read once in a while: loaded when
 * first shown, as are the administration's sections and the platform roles' homes, so that
 * everyone's first load stays under its budget (test/e2e/pages.test.ts).
 */
const legal = () => import('./pages/legal');
const PUBLIC_PAGES: Record<string, (main: HTMLElement) => Promise<void>> = {
  '/mentions-legales': async (main) => (await legal()).legalNoticePage(main),
  '/donnees-personnelles': async (main) => (await legal()).privacyPage(main),
  '/accessibilite': async (main) => (await legal()).accessibilityPage(main),
};

/** Each page's own title (RGAA 8.6): its heading, then the product. */
function titleFromHeading(main: HTMLElement): void {
  const heading = main.querySelector('h1')?.textContent?.trim();
  document.title = heading ? `${heading} — clause-tracker` : 'clause-tracker';
}

/** What a user reads when a page cannot be drawn: what happened and what to do next. */
function failurePage(main: HTMLElement, error: unknown): void {
  const session = currentSession();
  const home =
    session && PLATFORM_ROLES.includes(session.role)
      ? 'Retour à l’accueil'
      : 'Retour au tableau de bord';
  const status = error instanceof ApiError ? error.status : 0;
  const [title, advice] =
    status === 403
      ? [
          'Cette page n’est pas ouverte à votre rôle',
          'Si vous pensez en avoir besoin, demandez à l’administrateur de votre collectivité.',
        ]
      : status === 404
        ? ['Élément introuvable', 'Il a peut-être été supprimé, ou le lien est incomplet.']
        : [
            'Cette page n’a pas pu s’afficher',
            'Réessayez dans un instant. Si cela persiste, signalez-le à l’administrateur de votre collectivité en donnant l’heure et la page.',
          ];
  replace(
    main,
    h('h1', null, title),
    error instanceof ApiError && status !== 403 && status !== 404
      ? notice('failure', error.detail)
      : null,
    h('p', null, advice),
    h(
      'div',
      { class: 'actions' },
      status >= 500 || status === 0
        ? h('button', { type: 'button', onclick: () => void render() }, 'Réessayer')
        : null,
      h('a', { href: '#/' }, home),
    ),
  );
}

/**
 * Each visit draws into a fresh container: a page still loading when the user moves on keeps
 * writing into its own, detached, container and never over the page that replaced it.
 */
let visits = 0;

async function render(): Promise<void> {
  const outer = document.getElementById('main') as HTMLElement;
  const visit = ++visits;
  const main = h('div', { class: 'view' });
  replace(outer, main);
  const [path = '/', query = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  const params = new URLSearchParams(query);
  const session = currentSession();
  try {
    await drawHeader(session, path);
    const publicPage = PUBLIC_PAGES[path];
    if (publicPage) {
      await publicPage(main);
      if (params.get('section'))
        document.getElementById(params.get('section') ?? '')?.scrollIntoView();
      return;
    }
    if (!session || path === '/connexion') {
      await signInPage(main, () => {
        const signedIn = currentSession();
        const before = location.hash;
        location.hash = signedIn && ownPlie(signedIn) ? `#/plie/${ownPlie(signedIn)}` : '#/';
        // The same address fires no hashchange: draw the page here, once.
        if (location.hash === before) void render();
      });
      return;
    }
    const contract = /^\/marches\/([\w-]+)$/.exec(path);
    const editContract = /^\/marches\/([\w-]+)\/modifier$/.exec(path);
    const attestation = /^\/marches\/([\w-]+)\/attestation$/.exec(path);
    const plie = /^\/plie\/([a-z0-9-]+)$/.exec(path);
    const job = /^\/imports\/([\w-]+)$/.exec(path);
    const participant = /^\/participants\/([\w-]+)$/.exec(path);
    const statement = /^\/releves\/(ST[0-9A-F]+)$/.exec(path);
    // A page the role cannot use says whom it is reserved to (web/src/page-access.ts).
    const needs = pageAction(path);
    if (needs && !PLATFORM_ROLES.includes(session.role) && !mayDo(session, needs))
      reservedPage(main, session, needs);
    else if (PLATFORM_ROLES.includes(session.role)) {
      // The operator and the observatory reach their home only, and none of a structure's.
      if (path !== '/') throw new ApiError(403, '');
      if (session.role === 'operator')
        await (await import('./pages/structures')).structuresPage(main, params);
      else await (await import('./pages/observatory')).observatoryPage(main, params);
    } else if (session.role === 'awardee' && path === '/') await awardeeHomePage(main, session);
    else if (path === '/declarer') await declarePage(main, params);
    else if (statement) await statementReviewPage(main, session, statement[1] as string, params);
    else if (path === '/') await dashboardPage(main, session, params);
    else if (path === '/marches') await contractsPage(main, session, params);
    else if (path === '/saisie') await logHoursPage(main, params);
    else if (path === '/heures') await hourLinesPage(main, session, params);
    else if (path === '/marches/nouveau') await newContractPage(main);
    else if (editContract) await editContractPage(main, editContract[1] as string);
    // The attestation, printed once a contract ends: loaded when first shown.
    else if (attestation)
      await (await import('./pages/attestation')).attestationPage(
        main,
        session,
        attestation[1] as string,
      );
    else if (contract) await contractPage(main, session, contract[1] as string, params);
    else if (plie) await pliePage(main, session, plie[1] as string);
    else if (path === '/journal') await changesPage(main, params);
    // The administration's sections, which only administrators open: loaded when first shown.
    else if (path === '/administration')
      await (await import('./pages/admin/plies')).adminPliesPage(main, params);
    else if (path === '/administration/criteres')
      await (await import('./pages/admin/criteria')).adminCriteriaPage(main, params);
    else if (path === '/administration/financement')
      await (await import('./pages/admin/funding')).adminFundingPage(main, params);
    else if (path === '/administration/seuils')
      await (await import('./pages/admin/thresholds')).adminThresholdsPage(main, params);
    else if (path === '/administration/relances')
      await (await import('./pages/admin/reminders')).adminRemindersPage(main, params);
    else if (path === '/administration/export')
      await (await import('./pages/admin/export')).adminExportPage(main);
    else if (path === '/administration/acheteurs')
      await (await import('./pages/admin/buyer-contacts')).adminBuyerContactsPage(main, params);
    else if (path === '/administration/donnees-ouvertes')
      await (await import('./pages/admin/open-data')).adminOpenDataPage(main, params);
    else if (path === '/plies') await pliesPage(main, params);
    else if (path === '/participants') await participantsPage(main, session, params);
    else if (participant) await participantPage(main, session, participant[1] as string, params);
    else if (path === '/conformite') await compliancePage(main, params);
    else if (path === '/rapport') await reportPage(main, params);
    // The yearly bilan, read a few times a year: loaded when first shown.
    else if (path === '/bilan')
      await (await import('./pages/bilan')).bilanPage(main, session, params);
    else if (path === '/releves') await statementsPage(main);
    else if (path === '/import-decp') decpImportPage(main);
    else if (path === '/imports') await importsPage(main);
    else if (job) await importPage(main, job[1] as string);
    else
      replace(
        main,
        h('h1', null, 'Page introuvable'),
        h('p', null, 'Le lien suivi ne mène à aucune page de clause-tracker.'),
        h('p', null, h('a', { href: '#/' }, 'Retour au tableau de bord')),
      );
    if (visit === visits) outer.focus({ preventScroll: true });
  } catch (error) {
    failurePage(main, error);
  } finally {
    if (visit === visits) titleFromHeading(main);
  }
}

// On a phone the navigation folds under a "Menu" button, closed again on each new page.
const menu = document.getElementById('menu') as HTMLButtonElement;
const banner = menu.closest('header') as HTMLElement;
menu.addEventListener('click', () => {
  const open = !banner.classList.contains('open');
  banner.classList.toggle('open', open);
  menu.setAttribute('aria-expanded', String(open));
});
const closeMenu = () => {
  banner.classList.remove('open');
  menu.setAttribute('aria-expanded', 'false');
};
// The link of the page already shown fires no hashchange: the menu closes on the tap itself,
// or it stayed open over the page as if the link did nothing.
document.getElementById('nav')?.addEventListener('click', (event) => {
  if ((event.target as Element).closest('a')) closeMenu();
});
window.addEventListener('hashchange', () => {
  closeMenu();
  void render();
});
completeCognitoSignIn()
  .catch((error: Error) =>
    replace(document.getElementById('main') as HTMLElement, notice('failure', error.message)),
  )
  .finally(() => void render());
