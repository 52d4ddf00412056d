import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { escapeHtml } from '#shared/report/format';
import type { MonthlyReport } from '#shared/report/model';
import { renderCsv } from '#shared/report/render-csv';
import { renderHtml } from '#shared/report/render-html';
import { renderText } from '#shared/report/render-text';

export function reportSubject(report: MonthlyReport): string {
  const base = `Rapport mensuel — ${report.monthLabel}`;
  return report.scope.plieId ? `${base} — ${report.scope.name}` : base;
}

export function reportFileName(report: MonthlyReport): string {
  return `rapport-${report.month}${report.scope.plieId ? `-${report.scope.plieId}` : ''}.csv`;
}

/**
 * The report as one MIME message (HTML with a plain-text alternative, the CSV attached), built
 * by nodemailer's composer: the bytes the outbox keeps and SES sends.
 */
export async function composeReportMessage(input: {
  from: string;
  to: string;
  report: MonthlyReport;
  /** The product's address, for the "Ouvrir clause-tracker" link (none when unknown). */
  appUrl?: string | undefined;
  /** A sentence for the readers of this message (e.g. what the retention rule erased). */
  note?: string | undefined;
}): Promise<Buffer> {
  const { report } = input;
  const options = {
    ...(input.appUrl ? { appUrl: input.appUrl } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  const composer = new MailComposer({
    from: { name: 'clause-tracker', address: input.from },
    to: input.to,
    subject: reportSubject(report),
    date: new Date(report.generatedAt),
    text: renderText(report, options),
    html: renderHtml(report, options),
    attachments: [
      {
        filename: reportFileName(report),
        content: Buffer.from(renderCsv(report), 'utf8'),
        contentType: 'text/csv; charset=utf-8',
      },
    ],
    headers: {
      'X-Clause-Tracker-Report': `${report.month}; ${report.scope.plieId ?? 'all'}`,
      'Auto-Submitted': 'auto-generated',
    },
  });
  return composer.compile().build();
}

/** What a reminder names: the company's contracts whose month's statement has not come. */
export interface ReminderContent {
  month: string;
  monthLabel: string;
  contracts: { reference: string; title: string; buyer: string }[];
}

export function reminderSubject(reminder: ReminderContent): string {
  return `Relevé d’heures d’insertion de ${reminder.monthLabel} à déclarer`;
}

/**
 * The reminder sent to an awardee's contacts when last month's statement has not come: plain
 * text with an HTML alternative, the same composer as the report (the bytes SES sends).
 */
export async function composeReminderMessage(input: {
  from: string;
  to: string;
  reminder: ReminderContent;
  appUrl?: string | undefined;
  at: Date;
}): Promise<Buffer> {
  const { reminder } = input;
  const link = input.appUrl ? `${input.appUrl.replace(/\/$/, '')}/#/declarer` : null;
  const intro = `Le relevé des heures d’insertion de ${reminder.monthLabel} n’a pas encore été déclaré pour ${reminder.contracts.length > 1 ? 'les marchés suivants' : 'le marché suivant'} :`;
  const closing =
    'Une ligne par personne : la référence donnée par le PLIE si vous la connaissez, sinon une description sans nom. Les heures comptent une fois validées par le facilitateur de l’acheteur. Ce rappel n’est envoyé qu’une fois par mois.';
  const text = [
    'Bonjour,',
    '',
    intro,
    ...reminder.contracts.map((c) => `- ${c.reference} — ${c.title} (${c.buyer})`),
    '',
    link ? `Déclarez-le sur clause-tracker : ${link}` : 'Déclarez-le sur clause-tracker.',
    '',
    closing,
  ].join('\n');
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(reminderSubject(reminder))}</title></head><body style="font-family:Arial,sans-serif;color:#1e1e1e;max-width:640px">
<p>Bonjour,</p>
<p>${escapeHtml(intro)}</p>
<ul>${reminder.contracts.map((c) => `<li><strong>${escapeHtml(c.reference)}</strong> — ${escapeHtml(c.title)} (${escapeHtml(c.buyer)})</li>`).join('')}</ul>
<p>${link ? `<a href="${escapeHtml(link)}">Déclarer le relevé sur clause-tracker</a>` : 'Déclarez-le sur clause-tracker.'}</p>
<p style="color:#555">${escapeHtml(closing)}</p>
</body></html>`;
  const composer = new MailComposer({
    from: { name: 'clause-tracker', address: input.from },
    to: input.to,
    subject: reminderSubject(reminder),
    date: input.at,
    text,
    html,
    headers: {
      'X-Clause-Tracker-Reminder': reminder.month,
      'Auto-Submitted': 'auto-generated',
    },
  });
  return composer.compile().build();
}
