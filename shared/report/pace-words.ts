import { DEFAULT_SCHEDULE_TOLERANCE, type Pace, paceOf } from '#shared/domain/schedule';

// A contract's pace in words, the same on the pages (web/src/pace-tag.ts) and in the monthly
// report (e-mail, text, CSV): the domain's three paces of paceOf, so that a contract below its
// pro-rata within the tolerance reads « Sous le prorata » everywhere, never « Dans les temps »
// in the report beside « Sous le prorata » on the dashboard.

export const PACE_LABELS: Record<Pace, string> = {
  behind: 'En retard',
  'below-pace': 'Sous le prorata',
  'on-pace': 'Dans les temps',
};

/** What « Sous le prorata » means, after the hours: « (retard à moins de 20 %) ». */
export const BELOW_PACE_MEANING = `retard à moins de ${Math.round(DEFAULT_SCHEDULE_TOLERANCE * 100)} %`;

/** A row's pace, or null without a target (nothing to judge: the report prints « — »). */
export function rowPace(row: {
  targetHours: number | null;
  hoursToDate: number;
  expectedHours: number;
  behind: boolean;
}): Pace | null {
  return row.targetHours ? paceOf(row) : null;
}

/** A row's pace in words, empty without a target (a CSV cell). */
export function paceLabel(row: Parameters<typeof rowPace>[0]): string {
  const pace = rowPace(row);
  return pace ? PACE_LABELS[pace] : '';
}
