import { HOUR_MODES, type HourLine, type HourMode, sumHours } from './hours';

// The attestation of a contract's insertion hours ("attestation de réalisation des heures
// d'insertion"): the hours of the ledger, year by year and modality by modality. Only the
// ledger's active lines count — those a facilitator typed, imported or validated from an
// awardee's declaration; a declaration still awaiting validation, or a voided line, does not.

export interface ModeHours {
  mode: HourMode;
  hours: number;
}

export interface AttestationYear {
  year: number;
  byMode: ModeHours[];
  total: number;
}

/** Hours of each modality among `lines`, in the modalities' usual order, zeros left out. */
export function hoursByMode(lines: readonly Pick<HourLine, 'mode' | 'hours'>[]): ModeHours[] {
  return HOUR_MODES.map((mode) => ({
    mode,
    hours: sumHours(lines.filter((line) => line.mode === mode).map((line) => line.hours)),
  })).filter((row) => row.hours !== 0);
}

/** The attestation's table: one row per year (every year of the period, even an empty one). */
export function attestationYears(
  years: readonly number[],
  lines: readonly Pick<HourLine, 'mode' | 'hours' | 'month' | 'status'>[],
): AttestationYear[] {
  const counted = lines.filter((line) => line.status === 'active');
  return years.map((year) => {
    const ofYear = counted.filter((line) => line.month.startsWith(`${year}-`));
    return {
      year,
      byMode: hoursByMode(ofYear),
      total: sumHours(ofYear.map((line) => line.hours)),
    };
  });
}

/** The years an attestation issued on `today` covers: the contract's, up to this one. */
export function attestationYearRange(startsOn: string, endsOn: string, today: string): number[] {
  const first = Number(startsOn.slice(0, 4));
  const last = Math.min(Number(endsOn.slice(0, 4)), Number(today.slice(0, 4)));
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
