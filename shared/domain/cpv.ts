// The trades of the bilan: a contract's CPV division, the first two digits of its CPV code
// (Common Procurement Vocabulary, regulation (EC) 213/2008), with the division's French name.

export const CPV_DIVISION_LABELS: Readonly<Record<string, string>> = {
  '03': 'Produits agricoles, de l’élevage, de la pêche, de la sylviculture et produits connexes',
  '09': 'Produits pétroliers, combustibles, électricité et autres sources d’énergie',
  '14': 'Produits d’exploitation minière, métaux de base et produits connexes',
  '15': 'Produits alimentaires, boissons, tabac et produits connexes',
  '16': 'Machines agricoles',
  '18': 'Vêtements, articles chaussants, bagages et accessoires',
  '19': 'Cuir et textiles, matériaux en plastique et en caoutchouc',
  '22': 'Imprimés et produits connexes',
  '24': 'Produits chimiques',
  '30': 'Machines de bureau et matériel informatique, équipement et fournitures',
  '31': 'Machines, appareils, équipement et consommables électriques ; éclairage',
  '32': 'Équipements de radio, de télévision, de communication et de télécommunication',
  '33': 'Matériel médical, pharmaceutique et produits de soins personnels',
  '34': 'Équipements de transport et produits auxiliaires pour le transport',
  '35': 'Équipements de sécurité, de lutte contre l’incendie, de police et de défense',
  '37': 'Instruments de musique, articles de sport, jeux, jouets, articles artisanaux',
  '38': 'Équipements de laboratoire, d’optique et de précision',
  '39': 'Meubles, aménagements, appareils électroménagers et produits de nettoyage',
  '41': 'Eau collectée et purifiée',
  '42': 'Machines industrielles',
  '43': 'Machines pour l’exploitation minière et les carrières, matériel de construction',
  '44': 'Structures et matériaux de construction ; produits auxiliaires pour la construction',
  '45': 'Travaux de construction',
  '48': 'Logiciels et systèmes d’information',
  '50': 'Services de réparation et d’entretien',
  '51': 'Services d’installation (excepté logiciels)',
  '55': 'Services d’hôtellerie, de restauration et de commerce au détail',
  '60': 'Services de transport (à l’exclusion du transport des déchets)',
  '63': 'Services de transport complémentaires et auxiliaires ; agences de voyages',
  '64': 'Services des postes et télécommunications',
  '65': 'Services publics (eau, énergie)',
  '66': 'Services financiers et d’assurance',
  '70': 'Services immobiliers',
  '71': 'Services d’architecture, de construction, d’ingénierie et d’inspection',
  '72': 'Services de technologies de l’information, conseil, développement de logiciels',
  '73': 'Services de recherche et développement et services de conseil connexes',
  '75': 'Services de l’administration publique, de la défense et de la sécurité sociale',
  '76': 'Services relatifs à l’industrie du pétrole et du gaz',
  '77': 'Services agricoles, sylvicoles, horticoles, aquacoles et apicoles',
  '79': 'Services aux entreprises : droit, marketing, conseil, recrutement, impression, sécurité',
  '80': 'Services d’enseignement et de formation',
  '85': 'Services de santé et services sociaux',
  '90': 'Services d’assainissement, de gestion des déchets, de nettoyage et d’environnement',
  '92': 'Services récréatifs, culturels et sportifs',
  '98': 'Autres services communautaires, sociaux et personnels',
};

/** The division of a CPV code (`45233140-2` → `45`); null without a readable code. */
export function cpvDivision(cpv: string | null | undefined): string | null {
  return cpv && /^\d{8}/.test(cpv) ? cpv.slice(0, 2) : null;
}

/** `45 — Travaux de construction`; the two digits alone for a division the table lacks. */
export function cpvDivisionLabel(division: string): string {
  const name = CPV_DIVISION_LABELS[division];
  return name ? `${division} — ${name}` : division;
}
