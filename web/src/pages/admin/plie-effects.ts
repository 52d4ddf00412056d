import { type IsoDate, longFrenchDate, yearOf } from '#shared/domain/calendar';
import { plieFunding } from '#shared/domain/funding';
import { eurosToCents } from '#shared/domain/money';
import { activeInYear, isActiveInYear } from '#shared/domain/plies';
import { ApiError, api } from '../../api';
import { h } from '../../dom';
import { eur } from '../../format';
import type { Funding, Plie } from '../../types';

// What adding a PLIE changes in the year under way, said before it is saved (issue 29): a PLIE
// active at any time of a year enters that year's allocation key and is paid each of the
// year's conventions' fixed part (shared/domain/plies.ts, funding.ts). Computed here from the
// PLIEs the page holds and the year's funding, by the domain's own functions.

export interface NewPlie {
  id: string;
  name: string;
  territory: string | null;
  activeFrom: IsoDate | null;
  activeUntil: IsoDate | null;
}

/** The paragraphs saying what changes this year; null when the PLIE is not active this year. */
export async function additionEffects(
  plie: NewPlie,
  others: readonly Plie[],
  today: IsoDate,
): Promise<HTMLElement[] | null> {
  const year = yearOf(today);
  // A new PLIE without a start date starts the day it is registered (services/plies.ts).
  const from = plie.activeFrom ?? today;
  if (!isActiveInYear({ activeFrom: from, activeUntil: plie.activeUntil }, year)) return null;
  const keyPlies = activeInYear(
    others.map((p) => ({
      ...p,
      activeFrom: p.activeFrom ?? null,
      activeUntil: p.activeUntil ?? null,
    })),
    year,
  ).filter((p) => !plie.territory || p.territory === plie.territory);
  const where = plie.territory ? ` du territoire « ${plie.territory} »` : '';
  const key = h(
    'p',
    null,
    h('strong', null, `Clé de répartition ${year} : `),
    `actif à partir du ${longFrenchDate(from)}, ${plie.name} y entre, pour toute l’année ${year} : elle passera de ${keyPlies.length} à ${keyPlies.length + 1} PLIE pour les marchés partagés${where} notifiés en ${year} dont la répartition n’est pas encore arrêtée. `,
    `Tant que ses critères ${year} ne sont pas saisis (Critères et clé de répartition), la répartition de ces marchés ne peut pas être calculée. Les marchés déjà répartis gardent leur clé.`,
  );
  return [key, await fundingEffect(plie, year)];
}

async function fundingEffect(plie: NewPlie, year: number): Promise<HTMLElement> {
  const title = h('strong', null, `Financement ${year} : `);
  const funding = await api<Funding>('GET', `/api/funding?year=${year}`).catch((error) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  if (!funding?.conventions.length)
    return h('p', null, title, `aucune convention de financement ${year} : rien ne change.`);
  const parts = funding.conventions.map((c) => {
    const { fixedCents } = plieFunding(plie.id, 0, {
      fixedPerPlieCents: eurosToCents(c.fixedPerPlie),
      perHourCents: eurosToCents(c.perHour),
      envelopesCents: c.envelopes
        ? Object.fromEntries(Object.entries(c.envelopes).map(([id, e]) => [id, eurosToCents(e)]))
        : null,
    });
    const by = c.funderSiret
      ? `la convention de ${c.funderName ?? c.funderSiret}`
      : 'la convention sur tous les marchés';
    const text = c.envelopes
      ? `${by} est en enveloppes par PLIE : sans enveloppe pour lui, il n’en reçoit rien tant qu’elle n’est pas modifiée`
      : `${by} lui verse sa part fixe de ${eur(fixedCents / 100)}, plus ${eur(c.perHour)} par heure réalisée`;
    return { text, fixedCents };
  });
  const addedCents = parts.reduce((sum, p) => sum + p.fixedCents, 0);
  return h(
    'p',
    null,
    title,
    `${parts.map((p) => p.text).join(' ; ')}. La part fixe de l’année passe de ${eur(funding.totals.fixed)} à ${eur((eurosToCents(funding.totals.fixed) + addedCents) / 100)}.`,
  );
}
