import { type Action, ROLE_LABELS } from '#shared/domain/access';
import type { Session } from '../auth';
import { h, replace } from '../dom';
import { reservedTo } from '../page-access';

// What a person reads who opens, by its address, a page their role cannot use: whom it is
// reserved to, and the way back — rather than a form that would be refused on submit.

export function reservedPage(main: HTMLElement, session: Session, action: Action): void {
  replace(
    main,
    h('h1', null, reservedTo(action)),
    h(
      'p',
      null,
      `Vous êtes connecté avec le rôle « ${ROLE_LABELS[session.role]} », qui n’y donne pas accès. Si vous pensez en avoir besoin, demandez-le à l’administrateur de votre structure.`,
    ),
    h(
      'p',
      null,
      h(
        'a',
        { href: '#/' },
        session.role === 'awardee' ? 'Retour à mes marchés' : 'Retour au tableau de bord',
      ),
    ),
  );
}
