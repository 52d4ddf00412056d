import { h, table } from '../dom';

// Records an import left as they were, and why: a version published before the one the
// contract already holds (another feed's older copy, an older file, the …00 record after its
// …01). They change nothing; the buyer sees which, so that a file chosen by mistake is noticed.

/** The notices' table, or null when every record was taken. */
export function noticesView(
  result: {
    notices?: readonly { index: number; id?: string; message: string }[];
    noticeCount?: number;
  },
  caption: string,
): HTMLElement | null {
  const notices = result.notices ?? [];
  if (!notices.length) return null;
  const count = Math.max(result.noticeCount ?? 0, notices.length);
  return h(
    'div',
    null,
    h('h3', null, `${caption} (${count.toLocaleString('fr-FR')})`),
    table(
      [['Rang', 'num'], 'Identifiant', 'Pourquoi'],
      notices.map((notice) =>
        h(
          'tr',
          null,
          h('td', { class: 'num' }, String(notice.index + 1)),
          h('td', null, notice.id ?? '—'),
          h('td', null, notice.message),
        ),
      ),
      caption,
    ),
    count > notices.length
      ? h('p', { class: 'muted' }, `Les ${notices.length} premiers sont listés.`)
      : null,
  );
}
