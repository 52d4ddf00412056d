import { api } from '../api';
import { h, loading, notice, replace } from '../dom';
import { lastMonth } from '../format';
import { hasMonthPicker, monthField } from '../month-field';
import type { SentMonthlyReport } from '../types';

/**
 * The monthly report as the email shows it, and its CSV: once sent, the e-mail as it left (its
 * figures of that day), the recomputed one a click away; before, the recomputed one, said so.
 */
export async function reportPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const month = params.get('mois') ?? lastMonth();
  const picker = monthField('Mois', { id: 'report-month', value: month, max: lastMonth() });
  picker.onChange((chosen) => {
    location.hash = `#/rapport?mois=${chosen}`;
  });
  // No script runs in the frame; the page reaches into it only to give the email's inline
  // styles and its <style> (the phone layout) back through the CSSOM, since the CSP (which the
  // frame inherits) refuses them.
  let css = '';
  const frame = h('iframe', {
    class: 'report',
    title: 'Aperçu du rapport mensuel',
    sandbox: 'allow-same-origin',
  });
  frame.addEventListener('load', () => {
    const view = frame.contentWindow as (Window & typeof globalThis) | null;
    if (view && frame.contentDocument) {
      // A constructed sheet of the frame's own window: one of the page's cannot be adopted there.
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      frame.contentDocument.adoptedStyleSheets = [sheet];
    }
    for (const element of frame.contentDocument?.querySelectorAll<HTMLElement>('[data-style]') ??
      [])
      element.style.cssText = element.dataset.style ?? '';
    // The frame as tall as the e-mail: read with the page's own scroll, never a scroll inside a
    // scroll (a fixed height cut the e-mail's end off). The margin leaves room for a sideways
    // scrollbar where the e-mail is wider than the frame.
    const height = frame.contentDocument?.documentElement.scrollHeight;
    if (height) frame.style.height = `${height + 24}px`;
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
    body,
  );
  const { sent } = await api<SentMonthlyReport>('GET', `/api/reports/monthly/${month}/sent`);
  const recomputed = () =>
    api<string>('GET', `/api/reports/monthly/${month}?format=html`, undefined, { raw: true });
  const show = (html: string) => {
    css = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]).join('\n');
    frame.srcdoc = withoutStyleAttributes(html.replace(/<style>[^<]*<\/style>/g, ''));
  };
  if (!sent?.html) {
    // Never sent, or sent without its e-mail kept: what would be sent today, said so.
    show(await recomputed());
    replace(
      body,
      notice(
        'info',
        sent
          ? `${sentWhen(sent)}. Le courriel envoyé n’a pas été gardé (parti avant que l’application ne garde les courriels, ou trop volumineux) : voici l’aperçu recalculé avec les chiffres d’aujourd’hui, qui peuvent différer de ceux envoyés.`
          : 'Aperçu recalculé, pas encore envoyé : le courriel que recevraient ses destinataires avec les chiffres d’aujourd’hui.',
      ),
      frame,
    );
    return;
  }
  // Sent: the e-mail as it left, its figures of that day; the recomputed one a click away.
  const sentHtml = sent.html;
  const status = h('p', { style: 'margin:0' });
  const toggle = h('button', { type: 'button', class: 'secondary' });
  let showingSent = true;
  const draw = async () => {
    status.textContent = showingSent
      ? `${sentWhen(sent)} : le courriel tel qu’ils l’ont reçu, avec les chiffres de ce jour-là.`
      : `Aperçu recalculé avec les chiffres d’aujourd’hui (${sentWhen(sent).toLowerCase()}).`;
    toggle.textContent = showingSent ? 'Voir la version recalculée' : 'Voir le courriel envoyé';
    show(showingSent ? sentHtml : await recomputed());
  };
  toggle.addEventListener('click', async () => {
    showingSent = !showingSent;
    await draw();
  });
  await draw();
  replace(
    body,
    h(
      'div',
      { class: 'notice info', role: 'status' },
      h('div', { class: 'row between' }, status, toggle),
    ),
    frame,
  );
}

/** « Envoyé le 1 décembre 2026 à 08:00, à 3 destinataires », in Paris time. */
function sentWhen(sent: { sentAt: string; recipients: number }): string {
  const at = new Date(sent.sentAt);
  const day = at.toLocaleDateString('fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const time = at.toLocaleTimeString('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  });
  const to = sent.recipients === 1 ? '1 destinataire' : `${sent.recipients} destinataires`;
  return `Envoyé le ${day} à ${time}, à ${to}`;
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
