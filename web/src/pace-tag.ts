import { paceOf } from '#shared/domain/schedule';
import { BELOW_PACE_MEANING, PACE_LABELS } from '#shared/report/pace-words';
import { h } from './dom';
import { hours } from './format';

// A contract's status against its pace, or a PLIE's share's (the report's rows for a PLIE hold
// the share's target, hours and expected hours): the domain's paceOf, in words. Below the
// pro-rata within the tolerance is not « dans les temps » in green: it says so, with the hours.

export function paceTag(row: {
  targetHours: number | null;
  hoursToDate: number;
  expectedHours: number;
  behind: boolean;
}): HTMLElement | string {
  if (!row.targetHours) return '—';
  const pace = paceOf(row);
  if (pace === 'behind') return h('span', { class: 'tag late' }, PACE_LABELS.behind);
  if (pace === 'on-pace') return h('span', { class: 'tag ok' }, PACE_LABELS['on-pace']);
  return h(
    'span',
    null,
    h('span', { class: 'tag' }, PACE_LABELS['below-pace']),
    h(
      'span',
      { class: 'muted pace-detail' },
      ` ${hours(row.hoursToDate)} sur ${hours(row.expectedHours)} attendues (${BELOW_PACE_MEANING})`,
    ),
  );
}
