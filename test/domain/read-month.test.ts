import { describe, expect, it } from 'vitest';
import { readMonth } from '#shared/domain/calendar';

// The month fields without a picker (Firefox, desktop Safari) read what people type with this.
describe('readMonth', () => {
  it.each([
    ['11/2026', '2026-11'],
    ['11-2026', '2026-11'],
    ['2026-11', '2026-11'],
    ['1/2027', '2027-01'],
    ['novembre 2026', '2026-11'],
    ['Novembre 2026', '2026-11'],
    ['NOVEMBRE 2026', '2026-11'],
    ['nov. 2026', '2026-11'],
    ['nov 2026', '2026-11'],
    ['  février\u00a02026 ', '2026-02'],
    ['fevrier 2026', '2026-02'],
    ['août 2026', '2026-08'],
    ['aout 2026', '2026-08'],
    ['déc. 2025', '2025-12'],
    ['sept. 2026', '2026-09'],
  ])('reads « %s » as %s', (typed, month) => {
    expect(readMonth(typed)).toBe(month);
  });

  it.each([
    '',
    '13/2026',
    '0/2026',
    '2026-13',
    'novembr 2026x',
    'brumaire 2026',
    '11/26/2026',
    'novembre',
    '2026',
  ])('refuses « %s »', (typed) => {
    expect(readMonth(typed)).toBeNull();
  });
});
