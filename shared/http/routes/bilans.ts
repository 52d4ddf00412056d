import { createRoute } from '@hono/zod-openapi';
import { plieScope } from '#shared/domain/access';
import { authorize } from '#shared/http/auth';
import { bearer, problems, router } from '#shared/http/router';
import { XLSX_TYPE } from '#shared/http/uploads';
import { bilanCsv, bilanFileName, bilanXlsx } from '#shared/report/bilan-export';
import { BilanJson, BilanParams, BilanQuery } from '#shared/schemas/bilans';
import { z } from '#shared/schemas/zod';
import { yearlyBilan } from '#shared/services/bilans';

// The yearly bilan of the structure, of a buyer or of a PLIE, as JSON or as files.

export function bilansRoutes() {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/bilans/{year}',
      tags: ['Rapports'],
      security: bearer,
      summary: 'Le bilan annuel des clauses sociales : JSON, CSV ou Excel',
      description:
        'Heures réalisées et exigées, ETP (heures ÷ 1 607), par mois et modalité, type de marché, ' +
        'acheteur, entreprise, division CPV et PLIE ; participants (par critère, sexe, tranche ' +
        'd’âge, QPV) et heures des lignes sans participant ; marchés (clause, critère, réservé, ' +
        'part des marchés notifiés avec une considération sociale) ; sorties par groupe et taux ' +
        'de sorties positives. Pour toute la structure, un acheteur (`buyerSiret`) ou un PLIE ' +
        '(`plieId`) ; un coordinateur de PLIE reçoit toujours le bilan de son PLIE. Un acheteur ' +
        'ou un PLIE que la structure ne connaît pas : 404.',
      request: { params: BilanParams, query: BilanQuery },
      responses: {
        200: {
          description: 'Le bilan',
          content: {
            'application/json': { schema: BilanJson },
            'text/csv': { schema: z.string() },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { buyerSiret, plieId, format } = c.req.valid('query');
      const actor = authorize(c, 'bilans:read');
      const bilan = await yearlyBilan(c.var.deps, year, {
        buyerSiret: buyerSiret ?? null,
        plieId: plieScope(actor, plieId) ?? null,
      });
      const attachment = (name: string) => `attachment; filename="${name}"`;
      if (format === 'csv') {
        return c.body(bilanCsv(bilan), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': attachment(bilanFileName(bilan, 'csv')),
        });
      }
      if (format === 'xlsx') {
        return c.body(bilanXlsx(bilan).slice().buffer, 200, {
          'content-type': XLSX_TYPE,
          'content-disposition': attachment(bilanFileName(bilan, 'xlsx')),
        });
      }
      return c.json(bilan, 200);
    },
  );
  return app;
}
