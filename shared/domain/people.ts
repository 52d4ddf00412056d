// What a PLIE may record of a person besides eligibility, for the funders' figures (the European
// Social Fund asks for women and men, and age bands): both optional, and never anything that
// would name the person — a sex and an age band at entry, not a birth date.

export const SEXES = ['F', 'M'] as const;
export type Sex = (typeof SEXES)[number];

export const SEX_LABELS: Record<Sex, string> = { F: 'Femme', M: 'Homme' };

/** The age band on entering the PLIE, as the ESF and the PLIEs count them. */
export const AGE_BANDS = ['under-26', '26-49', '50-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  'under-26': 'moins de 26 ans',
  '26-49': '26 à 49 ans',
  '50-plus': '50 ans et plus',
};

/** The key and the words for a figure the PLIE did not record (or an erasure removed). */
export const NOT_RECORDED = 'unknown';
export const NOT_RECORDED_LABEL = 'non renseigné';

export function isSex(value: unknown): value is Sex {
  return (SEXES as readonly unknown[]).includes(value);
}

export function isAgeBand(value: unknown): value is AgeBand {
  return (AGE_BANDS as readonly unknown[]).includes(value);
}
