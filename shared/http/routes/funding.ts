import { createRoute } from '@hono/zod-openapi';
import { plieScope } from '#shared/domain/access';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  Funding,
  FundingConvention,
  FundingConventionPut,
  FundingConventionQuery,
  FundingQuery,
} from '#shared/schemas/funding';
import { Outcomes, OutcomesQuery } from '#shared/schemas/outcomes';
import { YearParam } from '#shared/schemas/plies';
import {
  conventionOf,
  conventionView,
  deleteConvention,
  putConvention,
  yearFunding,
} from '#shared/services/funding';
import { outcomes } from '#shared/services/outcomes';

const tags = ['Financements et sorties'];

export function fundingRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'put',
      path: '/funding-conventions/{year}',
      tags,
      security: bearer,
      summary: 'Enregistrer la convention de financement d’une année et d’un financeur (admin)',
      description:
        'Une convention par financeur (`funderSiret`, absent : tous les marchés) et par année : ' +
        'la métropole et un département peuvent chacun financer les PLIE la même année. ' +
        'Enregistrer celle d’un financeur remplace la sienne seule.',
      request: { params: YearParam, body: jsonBody(FundingConventionPut) },
      responses: {
        200: jsonResponse(FundingConvention, 'Convention enregistrée'),
        ...problems(400),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { year } = c.req.valid('param');
      return c.json(await putConvention(c.var.deps, actor, year, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/funding-conventions/{year}',
      tags,
      security: bearer,
      summary: 'Lire une convention de financement d’une année',
      description:
        'Celle du financeur `funderSiret` ; absent, celle de tous les marchés, ou la seule de ' +
        'l’année. Toutes les conventions d’une année : GET /api/funding (`conventions`).',
      request: { params: YearParam, query: FundingConventionQuery },
      responses: { 200: jsonResponse(FundingConvention, 'La convention'), ...problems(400, 404) },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      const { year } = c.req.valid('param');
      const { funderSiret } = c.req.valid('query');
      return c.json(conventionView(year, await conventionOf(c.var.deps, year, funderSiret)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/funding-conventions/{year}',
      tags,
      security: bearer,
      summary: 'Supprimer la convention d’un financeur pour une année (admin)',
      description:
        'Celle du financeur `funderSiret` ; absent, celle de tous les marchés. Gardée dans ' +
        'l’historique. 404 s’il n’y en a pas.',
      request: { params: YearParam, query: FundingConventionQuery },
      responses: { 204: { description: 'Convention supprimée' }, ...problems(400, 404) },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { year } = c.req.valid('param');
      await deleteConvention(c.var.deps, actor, year, c.req.valid('query').funderSiret);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/funding',
      tags,
      security: bearer,
      summary: 'Financement des PLIE pour une année : part fixe + heures réalisées × taux horaire',
      description:
        'Toutes les conventions de l’année comptent, une par financeur (`conventions`), et ' +
        'chaque PLIE reçoit la somme de ce que chacune lui donne. ' +
        'Chaque PLIE figure, avec 0 heure s’il n’en a pas. Les heures sont celles des lignes non ' +
        'annulées dont le mois tombe dans l’année. Montants calculés en centimes, chaque PLIE ' +
        'arrondi au centime (demi au-dessus) ; les totaux sont la somme des lignes. Chiffres ' +
        'budgétaires publics : lisibles par tous les rôles. 404 sans convention pour l’année. ' +
        'Avec `asOf=AAAA-MM`, les heures jusqu’à la fin de ce mois seulement : le financement ' +
        'acquis à cette date, le chiffre même du rapport mensuel de ce mois.',
      request: { query: FundingQuery },
      responses: { 200: jsonResponse(Funding, 'Le tableau de financement'), ...problems(400, 404) },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      const { year, asOf } = c.req.valid('query');
      return c.json(await yearFunding(c.var.deps, year, asOf), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/outcomes',
      tags,
      security: bearer,
      summary: 'Taux de sorties positives (PLIE) et de sorties dynamiques (IAE)',
      description:
        'Sorties de l’année `year`, d’un PLIE (`plieId`) et/ou des participants ayant des heures ' +
        'sur un marché (`contractId`, toutes années si `year` est omis). Un coordinateur ne voit ' +
        'que les sorties de son PLIE.',
      request: { query: OutcomesQuery },
      responses: { 200: jsonResponse(Outcomes, 'Les taux'), ...problems(400, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const actor = authorize(c, 'participants:read', query.plieId);
      return c.json(
        await outcomes(c.var.deps, { ...query, plieId: plieScope(actor, query.plieId) }),
        200,
      );
    },
  );

  return app;
}
