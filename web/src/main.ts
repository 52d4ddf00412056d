import './styles.css';
import { mayDo, ROLE_LABELS } from '#shared/domain/access';
import { ApiError } from './api';
import { completeCognitoSignIn, currentSession, ownPlie, type Session, signOut } from './auth';
import { h, notice, replace } from './dom';
import { compliancePage } from './pages/compliance';
import { contractPage } from './pages/contract';
import { dashboardPage } from './pages/dashboard';
import { decpImportPage } from './pages/decp-import';
import { importPage, importsPage } from './pages/imports';
import { logHoursPage } from './pages/log-hours';
import { pliePage } from './pages/plie';
import { reportPage } from './pages/report';
import { signInPage } from './pages/signin';
import { statementsPage } from './pages/statements';

// The pages: a hash router over a handful of screens, each drawing itself from /api.

function navigation(session: Session): [string, string][] {
  const links: [string, string][] = [['#/', 'Tableau de bord']];
  if (mayDo(session, 'hours:write')) {
    links.push(
      ['#/saisie', 'Saisir des heures'],
      ['#/releves', 'Relevés'],
      ['#/imports', 'Imports'],
    );
  }
  if (mayDo(session, 'contracts:write')) links.push(['#/import-decp', 'Importer des marchés']);
  if (session.plieId) links.push([`#/plie/${session.plieId}`, 'Mon PLIE']);
  links.push(['#/conformite', 'Marchés réservés et conformité'], ['#/rapport', 'Rapport mensuel']);
  return links;
}

function drawHeader(session: Session | null, path: string): void {
  const nav = document.getElementById('nav') as HTMLElement;
  const who = document.getElementById('who') as HTMLElement;
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
              'aria-current':
                href === `#${path}` || (href === '#/' && path === '/') ? 'page' : null,
            },
            label,
          ),
        ),
      ),
    ),
  );
  replace(
    who,
    h('span', null, ROLE_LABELS[session.role], session.plieId ? ` · ${session.plieId}` : ''),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void signOut() },
      'Se déconnecter',
    ),
  );
}

async function render(): Promise<void> {
  const main = document.getElementById('main') as HTMLElement;
  const [path = '/', query = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  const params = new URLSearchParams(query);
  const session = currentSession();
  drawHeader(session, path);
  try {
    if (!session || path === '/connexion') {
      await signInPage(main, () => {
        const signedIn = currentSession();
        location.hash = signedIn && ownPlie(signedIn) ? `#/plie/${ownPlie(signedIn)}` : '#/';
        if (location.hash === '#/') void render();
      });
      return;
    }
    const contract = /^\/marches\/([\w-]+)$/.exec(path);
    const plie = /^\/plie\/([a-z0-9-]+)$/.exec(path);
    const job = /^\/imports\/([\w-]+)$/.exec(path);
    if (path === '/') await dashboardPage(main, session, params);
    else if (path === '/saisie') await logHoursPage(main, params);
    else if (contract) await contractPage(main, session, contract[1] as string);
    else if (plie) await pliePage(main, session, plie[1] as string);
    else if (path === '/conformite') await compliancePage(main, params);
    else if (path === '/rapport') await reportPage(main, params);
    else if (path === '/releves') await statementsPage(main);
    else if (path === '/import-decp') decpImportPage(main);
    else if (path === '/imports') await importsPage(main);
    else if (job) await importPage(main, job[1] as string);
    else
      replace(
        main,
        h('h1', null, 'Page introuvable'),
        h('p', null, h('a', { href: '#/' }, 'Retour au tableau de bord')),
      );
    main.focus({ preventScroll: true });
  } catch (error) {
    const message =
      error instanceof ApiError ? error.detail : 'Une erreur inattendue est survenue.';
    replace(
      main,
      h('h1', null, 'Oups'),
      notice('failure', message),
      h('p', null, h('a', { href: '#/' }, 'Retour au tableau de bord')),
    );
  }
}

window.addEventListener('hashchange', () => void render());
completeCognitoSignIn()
  .catch((error: Error) =>
    replace(document.getElementById('main') as HTMLElement, notice('failure', error.message)),
  )
  .finally(() => void render());
