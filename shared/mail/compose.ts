import MailComposer from 'nodemailer/lib/mail-composer/index.js';
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
