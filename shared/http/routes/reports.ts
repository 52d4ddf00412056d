import { createRoute } from '@hono/zod-openapi';
import { plieScope } from '#shared/domain/access';
import { authorize } from '#shared/http/auth';
import { bearer, problems, router } from '#shared/http/router';
import { MonthlyReportJson, reportJson } from '#shared/report/model';
import { renderCsv } from '#shared/report/render-csv';
import { renderHtml } from '#shared/report/render-html';
import { PlieId, YearMonth } from '#shared/schemas/common';
import { z } from '#shared/schemas/zod';
import { monthlyReport } from '#shared/services/report';

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
  return app;
}
