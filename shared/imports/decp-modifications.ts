import { type IsoDate, isValidDate, longFrenchDate } from '#shared/domain/calendar';
import { endFromDuration } from '#shared/domain/contracts';
import { byCode } from '#shared/domain/order';
import { awardeesFrom, type DecpAwardees, Holders } from './decp-holders';

// What a DECP record says of its own version: when it was published, and the modifications
// ("modifications", amendments) it carries. Modifications come in every shape files publish:
// a list of modifications, a list of `{modification: …}` wrappers (2.0), `{modification: […]}`
// or a single object (1.x files converted from XML), an empty string for none. Each says what
// it changed: the new total amount (`montant`), the new total duration from the notification
// (`dureeMois`), the new awardees (`titulaires`), and when: `dateNotificationModification`
// (2.0 also `datePublicationDonneesModification`).

export interface DecpModification {
  /** Which of the record's modifications it is: its `id` (2.0), else what it says. */
  key: string;
  /** Where it stands in the record's list (1 first). */
  position: number;
  notifiedOn: IsoDate | null;
  publishedOn: IsoDate | null;
  object: string | null;
  amountCents?: number;
  durationMonths?: number;
  holding?: DecpAwardees;
}

export interface DecpVersion {
  /** The record's `id` as published. */
  publishedId: string;
  /** `datePublicationDonnees`, when the record carries a readable one. */
  publishedOn: IsoDate | null;
  /** In the order they took effect. */
  modifications: DecpModification[];
  /** What of a modification could not be read, in French: the rest of it is kept. */
  problems: string[];
}

/** A DECP date (`2019-02-18`, `2019-02-18+01:00`, with a time): the calendar date written. */
export function decpDay(value: unknown): IsoDate | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  return match && isValidDate(match[1] as string) ? (match[1] as string) : null;
}

/** A number, or one written as text (`"12 500,50"`); null when there is none to read. */
function decpNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** Every modification of `modifications`, whichever of the published shapes it takes. */
function listOf(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(listOf);
  if ('modification' in value) return listOf((value as { modification: unknown }).modification);
  return Object.keys(value).length ? [value as Record<string, unknown>] : [];
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The version a raw record is, and its modifications in the order they took effect. */
export function decpVersion(raw: unknown): DecpVersion {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const modifications: DecpModification[] = [];
  const startsOn = decpDay(record.dateNotification);
  for (const [i, item] of listOf(record.modifications).entries()) {
    const position = i + 1;
    const said = (what: string) => problems.push(`modification n° ${position} : ${what}`);
    const notifiedOn = decpDay(item.dateNotificationModification);
    const publishedOn = decpDay(item.datePublicationDonneesModification);
    if (!notifiedOn && !publishedOn) {
      said('ni date de notification ni date de publication lisible : non reprise');
      continue;
    }
    const modification: DecpModification = {
      key: '',
      position,
      notifiedOn,
      publishedOn,
      object: typeof item.objetModification === 'string' ? item.objetModification.trim() : null,
    };
    if (present(item.montant)) {
      const amount = decpNumber(item.montant);
      if (amount === null) said(`montant illisible (« ${String(item.montant).slice(0, 40)} »)`);
      // What buyers' software writes when the amount did not change (a PES record of 2023, an
      // AIFE one of 2026, each with `"dureeMois": 1` beside it): no contract in DECP is worth it.
      else if (amount === 1) said('montant de 1 € (valeur de remplissage) : non repris');
      else modification.amountCents = Math.round(amount * 100);
    }
    if (present(item.dureeMois)) {
      const months = decpNumber(item.dureeMois);
      if (months === null || !Number.isInteger(months) || months > 1200)
        said(`durée illisible (« ${String(item.dureeMois).slice(0, 40)} »)`);
      else if (ended(startsOn, months, notifiedOn ?? publishedOn))
        said(
          `durée de ${months} mois : le marché aurait pris fin le ${longFrenchDate(endFromDuration(startsOn as IsoDate, months))}, avant la modification elle-même — non reprise`,
        );
      else modification.durationMonths = months;
    }
    if (present(item.titulaires)) {
      const holders = Holders.safeParse(item.titulaires);
      const holding = holders.success ? awardeesFrom(holders.data) : { error: 'illisibles' };
      if ('error' in holding) said(`nouveaux titulaires non repris (${holding.error})`);
      else modification.holding = holding;
    }
    const id = item.id;
    modification.key =
      typeof id === 'number' || (typeof id === 'string' && id.trim())
        ? `id:${String(id).trim()}`
        : fingerprint(modification);
    modifications.push(modification);
  }
  const id = record.id;
  return {
    publishedId: typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '',
    publishedOn: decpDay(record.datePublicationDonnees),
    modifications: inEffectOrder(modifications),
    problems,
  };
}

/**
 * Whether a duration would end the contract before the modification that states it: an amendment
 * is signed while the contract runs, so such a `dureeMois` is no new duration but a value the
 * buyer's software filled in (the award's, or 1).
 */
function ended(startsOn: IsoDate | null, months: number, modifiedOn: IsoDate | null): boolean {
  return !!startsOn && !!modifiedOn && endFromDuration(startsOn, months) < modifiedOn;
}

/** A modification without an id is known by what it says: republished, it is found again. */
function fingerprint(m: DecpModification): string {
  const holders = m.holding
    ? [m.holding.awardee, ...m.holding.coAwardees].map(({ name: _, ...identified }) => identified)
    : null;
  // Its place in the list too: two alike modifications are two (republications append).
  return JSON.stringify([m.position, m.notifiedOn, m.amountCents, m.durationMonths, holders]);
}

/** By notification (its publication when it has none), then as listed. */
function inEffectOrder(modifications: DecpModification[]): DecpModification[] {
  const day = (m: DecpModification) => (m.notifiedOn ?? m.publishedOn) as string;
  return [...modifications].sort((a, b) => byCode(day(a), day(b)) || a.position - b.position);
}

/**
 * The 2019 convention (arrêté du 14 avril 2017, article 1): a record's id ends with two digits,
 * the number of the modification it carries (`…00` initial, `…01` after the first), so each
 * modification was published as a record of its own. The national consolidation reads it this
 * way (139bercy/decp-rama, scripts/jq/ocds/README.md, « Identifiants »: "Vérifier que les
 * derniers chiffres de l'uid correspondent au nombre de modifications dans les DECP — si oui,
 * on les enlève pour avoir un uid non versionné ; si non, on ne touche à rien"): only when the
 * last two digits are the record's number of modifications is it a version of a contract.
 * Null when the id does not follow it; the contract is then its id as published.
 */
export function versionedId(
  id: string,
  modificationCount: number,
): { base: string; sequence: number } | null {
  const match = /^(.+?)(\d{2})$/.exec(id);
  if (!match || Number(match[2]) !== modificationCount) return null;
  return { base: match[1] as string, sequence: modificationCount };
}
