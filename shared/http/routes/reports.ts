import { createRoute } from '@hono/zod-openapi';
import { plieScope } from '#shared/domain/access';
import { authorize } from '#shared/http/auth';
import { bearer, problems, router } from '#shared/http/router';
import { MonthlyReportJson, reportJson } from '#shared/report/model';
import { renderCsv } from '#shared/report/render-csv';
import { renderHtml } from '#shared/report/render-html';
import { PlieId, YearMonth } from '#shared/schemas/common';
import { z } from '#shared/schemas/zod';
import { monthlyReport, sentReport } from '#shared/services/report';

const ReportQuery = z.object({
  format: z.enum(['json', 'csv', 'html']).default('json'),
  plieId: PlieId.optional().openapi({
    description: 'la version d’un PLIE (un coordinateur a toujours la sienne)',
  }),
});

export function reportsRoutes() {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/monthly/{month}',
      tags: ['Rapports'],
      security: bearer,
      summary: 'Le rapport mensuel : données JSON, CSV (tableur) ou HTML (celui du courriel)',
      description:
        'Mois et cumul de l’année : heures par marché (objectif, avancement, attendu au prorata, ' +
        'retard), par PLIE et modalité, financement acquis, sorties, nouveaux marchés réservés, ' +
        'alertes. Un coordinateur reçoit la version de son PLIE.',
      request: {
        params: z.object({ month: YearMonth.openapi({ param: { name: 'month', in: 'path' } }) }),
        query: ReportQuery,
      },
      responses: {
        200: {
          description: 'Le rapport',
          content: {
            'application/json': { schema: MonthlyReportJson },
            'text/csv': { schema: z.string() },
            'text/html': { schema: z.string() },
          },
        },
        ...problems(400),
      },
    }),
    async (c) => {
      const { month } = c.req.valid('param');
      const { format, plieId } = c.req.valid('query');
      const actor = authorize(c, 'reports:read', plieId);
      const report = await monthlyReport(c.var.deps, month, plieScope(actor, plieId) ?? null);
      if (format === 'csv') {
        return c.body(renderCsv(report), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="rapport-${month}.csv"`,
        });
      }
      if (format === 'html') return c.html(renderHtml(report), 200);
      return c.json(reportJson(report), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/monthly/{month}/sent',
      tags: ['Rapports'],
      security: bearer,
      summary: 'Le rapport mensuel tel qu’il a été envoyé (HTML du courriel), s’il l’a été',
      description:
        'Le courriel de ce mois tel qu’il est parti vers ses destinataires (le rapport complet, ' +
        'ou celui d’un PLIE pour ses coordinateurs), avec sa date d’envoi et le nombre ' +
        'd’adresses : ses chiffres sont ceux du jour de l’envoi. `sent` est null quand rien ' +
        'n’a été envoyé ; `html` est null quand le courriel n’a pas été gardé (parti avant que ' +
        'l’application ne les garde, ou trop volumineux).',
      request: {
        params: z.object({ month: YearMonth.openapi({ param: { name: 'month', in: 'path' } }) }),
        query: ReportQuery.pick({ plieId: true }),
      },
      responses: {
        200: {
          description: 'Ce qui a été envoyé, ou rien',
          content: { 'application/json': { schema: SentReportJson } },
        },
        ...problems(400),
      },
    }),
    async (c) => {
      const { month } = c.req.valid('param');
      const { plieId } = c.req.valid('query');
      const actor = authorize(c, 'reports:read', plieId);
      const sent = await sentReport(c.var.deps, month, plieScope(actor, plieId) ?? null);
      return c.json(
        {
          month,
          sent: sent ? { sentAt: sent.sentAt, recipients: sent.recipients, html: sent.html } : null,
        },
        200,
      );
    },
  );
  return app;
}

const SentReportJson = z
  .object({
    month: YearMonth,
    sent: z
      .object({
        sentAt: z.string().openapi({ description: 'dernier envoi (ISO 8601)' }),
        recipients: z.number().int().openapi({ description: 'adresses qui l’ont reçu' }),
        html: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('SentMonthlyReport');
