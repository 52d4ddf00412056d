import { h, table } from '../dom';

// The identifiers an import repaired to read its records (a SIRET with a 0 too many or lost, a
// French VAT number reduced to its SIREN, a SIRET only its SIREN could be kept of): each said,
// so that the buyer can check it. Repaired records are imported, not refused.

/** The repairs' table, or null when nothing was repaired. */
export function repairsView(
  result: { repairs?: readonly { index: number; id?: string; message: string }[] },
  caption: string,
): HTMLElement | null {
  const repairs = result.repairs ?? [];
  if (!repairs.length) return null;
  return h(
    'div',
    null,
    h('h3', null, `${caption} (${repairs.length.toLocaleString('fr-FR')})`),
    table(
      [['Rang', 'num'], 'Identifiant', 'Ce qui a été fait'],
      repairs.map((repair) =>
        h(
          'tr',
          null,
          h('td', { class: 'num' }, String(repair.index + 1)),
          h('td', null, repair.id ?? '—'),
          h('td', null, repair.message),
        ),
      ),
      caption,
    ),
  );
}
