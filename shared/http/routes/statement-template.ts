import { createRoute } from '@hono/zod-openapi';
import { lastParisMonth } from '#shared/domain/calendar';
import { authorize } from '#shared/http/auth';
import { bearer, problems, type router } from '#shared/http/router';
import { XLSX_TYPE } from '#shared/http/uploads';
import { templateCsv, templateXlsx } from '#shared/imports/statement-template';
import { TemplateQuery } from '#shared/schemas/statements';
import { z } from '#shared/schemas/zod';

// The monthly statement's template, in CSV or Excel: a route of the statements' group.

const tags = ['Relevés'];

export function statementTemplateRoute(app: ReturnType<typeof router>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/statements/template',
      tags,
      security: bearer,
      summary: 'Le modèle de relevé mensuel, en CSV ou en Excel (admin, achats, titulaire)',
      description:
        'Les en-têtes français, une ligne d’exemple par modalité et par PLIE de la structure, ' +
        'nommé comme on l’écrit (à remplacer) ; le classeur a une seconde feuille qui explique ' +
        'chaque colonne et donne le nom et le code de chaque PLIE.',
      request: { query: TemplateQuery },
      responses: {
        200: {
          description: 'Le modèle',
          content: {
            'text/csv': { schema: z.string() },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...problems(400),
      },
    }),
    async (c) => {
      authorize(c, 'statements:template');
      const month = lastParisMonth(c.var.deps.now());
      // The example lines name the structure's own PLIEs; the workbook lists them with their codes.
      const plies = await c.var.deps.stores.plies.list();
      const attachment = (name: string) => `attachment; filename="${name}"`;
      if (c.req.valid('query').format === 'xlsx') {
        const bytes = await templateXlsx(month, plies);
        return c.body(bytes.slice().buffer, 200, {
          'content-type': XLSX_TYPE,
          'content-disposition': attachment('modele-releve-mensuel.xlsx'),
        });
      }
      return c.body(templateCsv(month, plies), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': attachment('modele-releve-mensuel.csv'),
      });
    },
  );
}
