import { h, replace } from '../dom';

// The pages every French public service publishes, reachable from the footer without signing in:
// legal notice, personal data, the accessibility statement (RGAA), contact. The operator of an
// instance (the buyer that deployed it) is named in its own terms: this text is the product's.

export function legalNoticePage(main: HTMLElement): void {
  replace(
    main,
    h('h1', null, 'Mentions légales'),
    h('h2', null, 'Éditeur du service'),
    h(
      'p',
      null,
      'Ce service est exploité par la collectivité ou l’organisme acheteur qui vous a ouvert un compte. ',
      'Le directeur de la publication est son représentant légal.',
    ),
    h('h2', null, 'Logiciel'),
    h(
      'p',
      null,
      'clause-tracker est un logiciel libre publié sous licence AGPL-3.0 ou ultérieure. ',
      'Son code source peut être réutilisé, étudié et modifié par toute personne publique.',
    ),
    h('h2', null, 'Hébergement'),
    h(
      'p',
      null,
      'En production, le service est hébergé par Amazon Web Services EMEA SARL, 38 avenue John F. Kennedy, L-1855 Luxembourg, dans la région de Paris (eu-west-3). ',
      'En mode local, il tourne sur l’ordinateur de la personne qui l’a lancé et n’envoie rien au dehors.',
    ),
    h('h2', { id: 'contact' }, 'Contact'),
    h(
      'p',
      null,
      'Pour toute question sur vos données, vos heures ou vos accès, adressez-vous au service achats de votre collectivité ou à la coordination de votre PLIE, qui administrent ce service. ',
      'Pour un défaut du logiciel lui-même, ouvrez un ticket sur son dépôt public.',
    ),
  );
}

export function privacyPage(main: HTMLElement): void {
  replace(
    main,
    h('h1', null, 'Données personnelles'),
    h(
      'p',
      null,
      'Ce service suit l’exécution des clauses sociales d’insertion des marchés publics : les heures de travail confiées à des personnes éloignées de l’emploi, leur financement et leurs sorties.',
    ),
    h('h2', null, 'Ce qui est enregistré sur les participants'),
    h(
      'ul',
      null,
      h(
        'li',
        null,
        'une ',
        h('strong', null, 'référence pseudonyme'),
        ' choisie par le PLIE — jamais de nom, de date de naissance ni de numéro de sécurité sociale ;',
      ),
      h(
        'li',
        null,
        'les critères d’éligibilité au dispositif (par exemple : bénéficiaire du RSA, demandeur d’emploi de longue durée, résident d’un quartier prioritaire) ;',
      ),
      h(
        'li',
        null,
        'si le PLIE les renseigne, le sexe et la tranche d’âge à l’entrée (moins de 26 ans, 26 à 49 ans, 50 ans et plus), que demandent les financeurs comme le Fonds social européen — jamais l’âge exact ;',
      ),
      h('li', null, 'les dates d’entrée et de sortie du parcours et la nature de la sortie ;'),
      h('li', null, 'les heures réalisées chaque mois, par marché.'),
    ),
    h('h2', null, 'Pourquoi'),
    h(
      'p',
      null,
      'Pour vérifier que les entreprises titulaires tiennent leurs engagements d’insertion, calculer le financement des PLIE et mesurer les sorties vers l’emploi. ',
      'Base légale : l’exécution d’une mission d’intérêt public (article 6.1.e du RGPD), dans le cadre des marchés publics (articles L2112-2 et suivants du code de la commande publique).',
    ),
    h('h2', null, 'Qui les voit'),
    h(
      'p',
      null,
      'Les agents des achats et les facilitateurs de la collectivité ; chaque coordinateur de PLIE ne voit que les participants de son PLIE. Les entreprises titulaires ne voient pas les participants : seulement les références qu’elles ont elles-mêmes déclarées dans leurs relevés.',
    ),
    h('h2', null, 'Combien de temps'),
    h(
      'p',
      null,
      'Tant que la personne est suivie par le PLIE, puis cinq ans après sa sortie (durée réglable par l’administrateur du service) : chaque mois, le traitement automatique du rapport mensuel efface la référence, les critères, le sexe et la tranche d’âge des personnes sorties depuis plus longtemps, et le rapport adressé aux acheteurs en donne le nombre. Comme pour un effacement demandé, leurs heures et leur sortie restent, anonymes.',
    ),
    h(
      'p',
      null,
      'Les rapports envoyés par courriel ne contiennent que des chiffres par marché et par PLIE, jamais la référence d’un participant.',
    ),
    h('h2', null, 'Sur les utilisateurs'),
    h(
      'p',
      null,
      'Chaque modification garde son auteur, sa date et son motif dans un journal, pour que chacun puisse rendre compte de ce qui a changé. L’adresse e-mail d’un contact d’entreprise titulaire, invité par un facilitateur, sert à sa connexion et à la relance mensuelle d’un relevé manquant.',
    ),
    h('h2', null, 'Vos droits'),
    h(
      'p',
      null,
      'Une personne peut demander à son PLIE l’accès à ses données, leur rectification ou leur effacement ; seuls son PLIE et l’administrateur du service peuvent effacer, et le journal garde qui l’a demandé et quand. ',
      'L’effacement retire la référence, les critères, le sexe et la tranche d’âge, partout : relevés des titulaires, motifs qui la citaient et journal compris ; les heures et la sortie restent, anonymes, pour que les totaux, les financements et les taux ne changent pas. ',
      'Vous pouvez aussi adresser une réclamation à la CNIL (cnil.fr).',
    ),
  );
}

export function accessibilityPage(main: HTMLElement): void {
  replace(
    main,
    h('h1', null, 'Déclaration d’accessibilité'),
    h(
      'p',
      null,
      'L’organisme qui exploite ce service s’engage à le rendre accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.',
    ),
    h('h2', null, 'État de conformité'),
    h(
      'p',
      null,
      h('strong', null, 'clause-tracker est non conforme'),
      ' avec le référentiel général d’amélioration de l’accessibilité (RGAA) version 4.1.2 : aucun audit complet n’a encore été réalisé.',
    ),
    h('h2', null, 'Ce qui est vérifié'),
    h(
      'ul',
      null,
      h(
        'li',
        null,
        'À chaque modification du logiciel, toutes les pages, pour chaque rôle, passent les règles automatiques WCAG 2.1 niveaux A et AA de l’outil axe-core, sur ordinateur et sur téléphone.',
      ),
      h(
        'li',
        null,
        'La saisie des heures et l’enregistrement d’une sortie sont testés au clavier seul.',
      ),
      h('li', null, 'Chaque page a son propre titre ; les graphiques ont leur tableau de données.'),
    ),
    h(
      'p',
      null,
      'Des tests automatiques ne trouvent qu’une partie des défauts : un audit manuel reste à faire.',
    ),
    h('h2', null, 'Technologies utilisées'),
    h('p', null, 'HTML, CSS, JavaScript (WAI-ARIA pour les états des formulaires et messages).'),
    h('h2', null, 'Environnement de test'),
    h('p', null, 'Chromium (Debian) à 1 280 px et à 390 px de large.'),
    h('h2', null, 'Retour d’information et contact'),
    h(
      'p',
      null,
      'Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez l’organisme qui exploite ce service (',
      h('a', { href: '#/mentions-legales' }, 'voir les mentions légales'),
      ') pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.',
    ),
    h('h2', null, 'Voies de recours'),
    h(
      'p',
      null,
      'Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr, ou par courrier gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07) ou contacter son délégué dans votre région.',
    ),
    h('p', { class: 'muted' }, 'Déclaration établie le 24 novembre 2026.'),
  );
}
