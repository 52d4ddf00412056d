import { h } from './dom';

/** "Année : 2025 · 2026 · 2027", each a link to the same page for that year. */
export function yearLinks(years: number[], current: number, href: (year: number) => string) {
  return h(
    'nav',
    { class: 'years', 'aria-label': 'Année' },
    'Année : ',
    years.flatMap((year, i) => {
      const link = h(
        'a',
        { href: href(year), 'aria-current': year === current ? 'page' : null },
        String(year),
      );
      return i ? [' · ', link] : [link];
    }),
  );
}
