import { CONTRACT_KIND_LABELS, SOCIAL_CONSIDERATION_LABELS } from '#shared/domain/contracts';
import { HOUR_MODE_LABELS } from '#shared/domain/hours';
import { centsToEuros } from '#shared/domain/money';
import { OUTCOME_LABELS, type Outcome } from '#shared/domain/outcomes';
import { STATEMENT_STATE_LABELS } from '#shared/domain/statement-lifecycle';
import { csvNumber, csvText } from '#shared/report/render-csv';
import type { StructureExport } from './structure-export';

// The structure's data as spreadsheets: one CSV per kind, French headers, `;` and decimal
// commas with a byte order mark, as the report's CSV (Excel reads the accents); money in
// euros; what has no column of its own (an amendment's changes, a frozen key) as JSON text.
// A "lisez-moi" says what each file holds. The JSON export is the complete, exact one.

type Cell = string | number | null | undefined;
type Column<T> = [header: string, value: (row: T) => Cell];

function csv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const line = (cells: Cell[]) =>
    cells
      .map((cell) =>
        typeof cell === 'number' ? csvNumber(cell) : cell == null ? '' : csvText(cell),
      )
      .join(';');
  const lines = [
    line(columns.map(([header]) => header)),
    ...rows.map((row) => line(columns.map(([, value]) => value(row)))),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const euros = (cents: number | null | undefined) =>
  cents === null || cents === undefined ? null : centsToEuros(cents);
const json = (value: unknown) =>
  value === null || value === undefined ? null : JSON.stringify(value);
const list = (values: readonly string[] | undefined) => (values ?? []).join(', ');
const outcome = (code: string | null) => (code ? (OUTCOME_LABELS[code as Outcome] ?? code) : null);
const yesNo = (value: boolean) => (value ? 'oui' : 'non');

/** Every file of the CSV export, by name, in the order a reader meets them. */
export function structureCsvFiles(data: StructureExport): Record<string, string> {
  const { counts } = data;
  const contractRef = new Map(data.contracts.map((c) => [c.id, c.reference]));
  const files: Record<string, string> = {
    'structure.csv': csv(
      [data],
      [
        ['Identifiant', (d) => d.structure.id],
        ['Nom', (d) => d.structure.name],
        ['Créée le', (d) => d.structure.createdAt],
        ['Exporté le', (d) => d.exportedAt],
        ['Exporté par', (d) => d.exportedBy.name ?? d.exportedBy.sub],
        ['Jour de relance des titulaires', (d) => d.settings.reminderDay],
        ['Destinataires du rapport mensuel', (d) => list(d.settings.reportRecipients)],
        ['Heures des lignes actives', (d) => d.totals.activeHours],
        ['Heures des lignes annulées', (d) => d.totals.voidedHours],
      ],
    ),
    'plie.csv': csv(data.plies, [
      ['Identifiant', (p) => p.id],
      ['Nom', (p) => p.name],
      ['Communes', (p) => list(p.communes)],
      ['Territoire', (p) => p.territory],
      ['Courriels des coordinateurs', (p) => list(p.coordinatorEmails)],
      ['Actif depuis', (p) => p.activeFrom],
      ['Actif jusqu’au', (p) => p.activeUntil],
    ]),
    'criteres-repartition.csv': csv(
      data.criteria.flatMap((year) => year.plies.map((plie) => ({ ...plie, year: year.year }))),
      [
        ['Année', (c) => c.year],
        ['PLIE', (c) => c.plieId],
        ['Critères (JSON)', ({ year: _, plieId: __, ...values }) => json(values)],
      ],
    ),
    'ponderations.csv': csv(
      data.criteria.filter((year) => year.weights !== null),
      [
        ['Année', (y) => y.year],
        ['Pondérations (JSON)', (y) => json(y.weights)],
      ],
    ),
    'conventions-financement.csv': csv(data.fundingConventions, [
      ['Année', (c) => c.year],
      ['Part fixe par PLIE (€)', (c) => euros(c.fixedPerPlieCents)],
      ['Montant par heure (€)', (c) => euros(c.perHourCents)],
      ['SIRET du financeur', (c) => c.funderSiret ?? null],
      ['Enveloppes par PLIE en centimes (JSON)', (c) => json(c.envelopesCents ?? null)],
    ]),
    'seuils-europeens.csv': csv(data.euThresholds, [
      ['Du', (t) => t.from],
      ['Au', (t) => t.to],
      ['Travaux (€)', (t) => euros(t.worksCents)],
      ['Fournitures et services, État (€)', (t) => euros(t.suppliesServicesCents.central)],
      ['Fournitures et services, collectivités (€)', (t) => euros(t.suppliesServicesCents.local)],
    ]),
    'marches.csv': csv(data.contracts, [
      ['Identifiant', (c) => c.id],
      ['Référence', (c) => c.reference],
      ['Intitulé', (c) => c.title],
      ['Acheteur', (c) => c.buyer.name],
      ['SIRET de l’acheteur', (c) => c.buyer.siret],
      ['Titulaire', (c) => c.awardee.name],
      ['SIRET du titulaire', (c) => c.awardee.siret],
      ['Cotraitants (JSON)', (c) => json(c.coAwardees?.length ? c.coAwardees : null)],
      ['Lot', (c) => c.lot],
      ['Nature', (c) => CONTRACT_KIND_LABELS[c.kind]],
      ['CPV', (c) => c.cpv],
      ['Montant HT (€)', (c) => euros(c.amountCents)],
      ['Notifié le', (c) => c.notifiedOn],
      ['Consultation lancée le', (c) => c.consultationLaunchedOn],
      ['Début', (c) => c.startsOn],
      ['Fin', (c) => c.endsOn],
      ['Objectif (h)', (c) => c.targetHours],
      ['Calcul de l’objectif (JSON)', (c) => json(c.insertionInputs)],
      ['Répartition (JSON)', (c) => json(c.allocation)],
      ['Clé de répartition figée (JSON)', (c) => json(c.allocationKey)],
      [
        'Considérations sociales',
        (c) => c.socialConsiderations.map((s) => SOCIAL_CONSIDERATION_LABELS[s]).join(', '),
      ],
      ['Marché réservé (JSON)', (c) => json(c.reserved)],
      ['Défense ou sécurité', (c) => yesNo(c.defenceOrSecurity)],
      ['Heures réalisées', (c) => c.hoursLogged],
      ['Lignes actives', (c) => c.lineCount],
      ['Avenants', (c) => c.amendments.length],
      ['Origine', (c) => (c.source === 'decp' ? 'DECP' : 'saisie')],
      ['Créé le', (c) => c.createdAt],
      ['Créé par', (c) => c.createdBy],
    ]),
    'avenants.csv': csv(
      data.contracts.flatMap((c) => c.amendments.map((a) => ({ ...a, contract: c }))),
      [
        ['Marché', (a) => a.contract.id],
        ['Référence du marché', (a) => a.contract.reference],
        ['Avenant', (a) => a.id],
        ['Effet le', (a) => a.effectiveOn],
        ['Motif', (a) => a.reason],
        ['Nouvelles valeurs (JSON)', (a) => json(a.changes)],
        ['Valeurs remplacées (JSON)', (a) => json(a.before)],
        ['Heures par PLIE à la signature (JSON)', (a) => json(a.hoursByPlie ?? null)],
        ['Enregistré le', (a) => a.at],
        ['Enregistré par', (a) => a.by],
      ],
    ),
    'contacts-titulaires.csv': csv(data.awardeeContacts, [
      ['SIREN', (c) => c.siren],
      ['SIRET', (c) => c.siret],
      ['Adresse e-mail', (c) => c.email],
      ['Marché de l’invitation', (c) => c.contractId],
      ['Référence du marché', (c) => contractRef.get(c.contractId)],
      ['Invité le', (c) => c.invitedAt],
      ['Invité par', (c) => c.invitedBy],
    ]),
    'participants.csv': csv(data.participants, [
      ['Identifiant', (p) => p.id],
      ['PLIE', (p) => p.plieId],
      ['Référence', (p) => p.ref],
      ['Éligibilité', (p) => list(p.eligibility)],
      ['Sexe', (p) => (p as { sex?: string | null }).sex],
      ['Tranche d’âge à l’entrée', (p) => (p as { ageBand?: string | null }).ageBand],
      ['Entré le', (p) => p.enteredOn],
      ['Sorti le', (p) => p.exitedOn],
      ['Sortie', (p) => outcome(p.outcome)],
      ['Créé le', (p) => p.createdAt],
      ['Créé par', (p) => p.createdBy],
      ['Effacé le (RGPD)', (p) => p.erasedAt],
    ]),
    'sorties.csv': csv(data.exits, [
      ['Participant', (e) => e.participantId],
      ['PLIE', (e) => e.plieId],
      ['Sorti le', (e) => e.exitedOn],
      ['Code de sortie', (e) => e.outcome],
      ['Sortie', (e) => outcome(e.outcome)],
    ]),
    'lignes-heures.csv': csv(data.hourLines, [
      ['Identifiant', (l) => l.id],
      ['Marché', (l) => l.contractId],
      ['Référence du marché', (l) => contractRef.get(l.contractId)],
      ['PLIE', (l) => l.plieId],
      ['Participant', (l) => l.participantId],
      ['Mois', (l) => l.month],
      ['Heures', (l) => l.hours],
      ['Modalité', (l) => HOUR_MODE_LABELS[l.mode] ?? l.mode],
      ['État', (l) => (l.status === 'voided' ? 'annulée' : 'active')],
      ['Saisie le', (l) => l.createdAt],
      ['Saisie par', (l) => l.createdBy],
      ['Annulée le', (l) => l.voidedAt],
      ['Annulée par', (l) => l.voidedBy],
      ['Motif d’annulation', (l) => l.voidReason],
      ['Origine', (l) => (l.source === 'statement' ? 'relevé' : 'saisie')],
      ['Relevé', (l) => l.statementId],
      ['Ligne du relevé', (l) => l.statementLine],
    ]),
    'releves.csv': csv(data.statements, [
      ['Identifiant', (s) => s.id],
      ['Empreinte du fichier', (s) => s.fileHash],
      ['Origine', (s) => (s.origin === 'awardee' ? 'déclaration du titulaire' : 'fichier')],
      ['État', (s) => STATEMENT_STATE_LABELS[s.status] ?? s.status],
      ['Envoyé le', (s) => s.uploadedAt],
      ['Envoyé par', (s) => s.uploadedBy],
      ['Nom de qui l’a envoyé', (s) => s.uploadedByName],
      ['Fichier', (s) => s.fileName],
      ['Marchés', (s) => list(s.contractReferences)],
      ['Mois', (s) => list(s.months)],
      ['Lignes', (s) => s.lineCount],
      ['Heures', (s) => s.hours],
      ['Remplace', (s) => s.replaces],
      ['Remplacé par', (s) => s.replacedBy],
      ['Motif', (s) => s.reason],
      ['SIRET du titulaire', (s) => s.awardeeSiret],
      ['Examiné le', (s) => s.reviewedAt],
      ['Examiné par', (s) => s.reviewedBy],
    ]),
    'lignes-declarees.csv': csv(
      data.statements.flatMap((s) => s.declaredLines.map((line) => ({ ...line, statement: s.id }))),
      [
        ['Relevé', (l) => l.statement],
        ['Ligne', (l) => l.line],
        ['Référence du participant', (l) => l.participantRef],
        ['Description', (l) => l.description],
        ['PLIE', (l) => l.plieId],
        ['Heures', (l) => l.hours],
        ['Modalité', (l) => HOUR_MODE_LABELS[l.mode] ?? l.mode],
        ['Motif du refus', (l) => l.rejection],
      ],
    ),
    'historique.csv': csv(data.changes, [
      ['Identifiant', (c) => c.id],
      ['Date', (c) => c.at],
      ['Objet', (c) => c.entityType],
      ['Identifiant de l’objet', (c) => c.entityId],
      ['Action', (c) => c.action],
      ['Auteur', (c) => c.actor.name ?? c.actor.sub],
      ['Rôle', (c) => c.actor.role],
      ['Motif', (c) => c.reason],
      ['Données (JSON)', (c) => json(c.data ?? null)],
    ]),
  };
  const lines = Object.keys(files).map((name) => `- ${name}`);
  files['lisez-moi.txt'] = [
    `Export des données de la structure « ${data.structure.name} » (${data.structure.id}), le ${data.exportedAt}.`,
    '',
    'Un fichier CSV par sorte de données (séparateur « ; », virgule décimale, UTF-8), montants en euros :',
    ...lines,
    '',
    `Comptes : ${Object.entries(counts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}.`,
    'Les lignes d’heures annulées y sont, avec qui les a annulées, quand et pourquoi.',
    'Les participants effacés (RGPD) n’ont plus de référence ni d’éligibilité.',
    'L’export JSON contient les mêmes données en un seul document, sans arrondi ni mise en forme.',
    '',
  ].join('\r\n');
  return files;
}
