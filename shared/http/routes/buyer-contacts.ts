import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  BuyerContacts,
  BuyerContactsSaved,
  BuyerContactsUpdate,
} from '#shared/schemas/buyer-contacts';
import { buyerContacts, setBuyerContacts } from '#shared/services/buyer-contacts';

const tags = ['Rapports'];

/**
 * Who, at each buyer, receives its yearly bilan in January. The addresses are personal data of
 * the buyers' staff: the structure's administrators only (`plies:write`, the administrators'
 * action, as the report's recipients).
 */
export function buyerContactsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/buyer-contacts',
      tags,
      security: bearer,
      summary: 'Les destinataires du bilan annuel de chaque acheteur (admin)',
      description:
        'Les acheteurs qui ont des adresses, et ceux (avec un SIRET) que nomment les marchés de ' +
        'la structure, à qui en donner. En janvier, chaque acheteur qui a une adresse reçoit ' +
        'son bilan de l’année écoulée (HTML, texte et classeur Excel joint), une seule fois.',
      responses: { 200: jsonResponse(BuyerContacts, 'Les acheteurs'), ...problems() },
    }),
    async (c) => {
      authorize(c, 'plies:write');
      return c.json(await buyerContacts(c.var.deps), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/buyer-contacts',
      tags,
      security: bearer,
      summary: 'Régler les destinataires du bilan annuel de chaque acheteur (admin)',
      description:
        'Remplace la liste. Un acheteur sans adresse en est retiré ; un SIRET qu’aucun marché ' +
        'de la structure ne nomme est refusé (422, `errors` par ligne).',
      request: { body: jsonBody(BuyerContactsUpdate) },
      responses: {
        200: jsonResponse(BuyerContactsSaved, 'Réglage enregistré'),
        ...problems(400, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      return c.json(await setBuyerContacts(c.var.deps, actor, c.req.valid('json').items), 200);
    },
  );

  return app;
}
