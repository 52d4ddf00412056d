import { api } from '../api';
import { h, loading, replace } from '../dom';
import { lastMonth } from '../format';
import { hasMonthPicker, monthField } from '../month-field';

/** The monthly report as the email shows it, and its CSV. */
export async function reportPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const month = params.get('mois') ?? lastMonth();
  const picker = monthField('Mois', { id: 'report-month', value: month, max: lastMonth() });
  picker.onChange((chosen) => {
    location.hash = `#/rapport?mois=${chosen}`;
  });
  // No script runs in the frame; the page reaches into it only to give the email's inline
  // styles back through the CSSOM, since the CSP (which the frame inherits) refuses them.
  const frame = h('iframe', {
    class: 'report',
    title: 'Aperçu du rapport mensuel',
    sandbox: 'allow-same-origin',
  });
  frame.addEventListener('load', () => {
    for (const element of frame.contentDocument?.querySelectorAll<HTMLElement>('[data-style]') ??
      [])
      element.style.cssText = element.dataset.style ?? '';
  });
  const download = h('button', { type: 'button', class: 'secondary' }, 'Télécharger le CSV');
  download.addEventListener('click', async () => {
    const csv = await api<string>('GET', `/api/reports/monthly/${month}?format=csv`, undefined, {
      raw: true,
    });
    // Reading the answer as text dropped its byte order mark; Excel needs it for the accents.
    const bom = csv.startsWith('\uFEFF') ? '' : '\uFEFF';
    const link = h('a', {
      href: URL.createObjectURL(new Blob([bom, csv], { type: 'text/csv;charset=utf-8' })),
      download: `rapport-${month}.csv`,
    });
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const body = h('div', null, loading());
  replace(
    main,
    h('h1', null, 'Rapport mensuel'),
    // The typed month's hint below its box: the button is centred on the box, not on the hint.
    h(
      'div',
      { class: 'row', style: hasMonthPicker() ? null : 'align-items:center' },
      picker.element,
      download,
    ),
    h(
      'p',
      { class: 'muted' },
      'Le courriel envoyé le 1er du mois, tel que ses destinataires le reçoivent.',
    ),
    body,
  );
  const html = await api<string>('GET', `/api/reports/monthly/${month}?format=html`, undefined, {
    raw: true,
  });
  frame.srcdoc = withoutStyleAttributes(html);
  replace(body, frame);
}

/**
 * The email's HTML with each inline style moved to `data-style`, before anything parses it
 * (Chrome applies the page's CSP even to a DOMParser document): the frame then parses nothing
 * the CSP refuses, and the styles come back through the CSSOM once it has loaded. The HTML is
 * our own (shared/report/render-html.ts), its attribute values escaped: ` style="` cannot occur
 * in its text.
 */
function withoutStyleAttributes(html: string): string {
  return html.replace(/(<[a-z][a-z0-9]*\b[^<>]*?)\sstyle="/gi, '$1 data-style="');
}
