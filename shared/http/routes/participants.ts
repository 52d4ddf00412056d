import { createRoute } from '@hono/zod-openapi';
import { PARTICIPANT_TRANSITIONS } from '#shared/domain/participant-lifecycle';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { IdParam, listOf } from '#shared/schemas/common';
import {
  Participant,
  ParticipantCreate,
  ParticipantDescribe,
  ParticipantErase,
  ParticipantExit,
  ParticipantExitCancel,
  ParticipantExitCorrection,
  ParticipantListQuery,
} from '#shared/schemas/participants';
import { getParticipant } from '#shared/services/lookups';
import {
  cancelExit,
  correctExit,
  createParticipant,
  describeParticipant,
  eraseParticipant,
  exitParticipant,
  listParticipants,
  participantView,
} from '#shared/services/participants';

const tags = ['Participants'];

export function participantsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/participants',
      tags,
      security: bearer,
      summary: 'Enregistrer un participant (référence pseudonyme, jamais de nom)',
      request: { body: jsonBody(ParticipantCreate) },
      responses: { 201: jsonResponse(Participant, 'Participant créé'), ...problems(400, 409, 422) },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const actor = authorize(c, 'participants:write', input.plieId);
      const record = await createParticipant(c.var.deps, actor, input);
      return c.json(participantView(record), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/participants',
      tags,
      security: bearer,
      summary: 'Lister les participants (un coordinateur ne voit que son PLIE)',
      request: { query: ParticipantListQuery },
      responses: {
        200: jsonResponse(listOf(Participant, 'Participant'), 'Une page de participants'),
        ...problems(400),
      },
    }),
    async (c) => {
      const { plieId, cursor, limit } = c.req.valid('query');
      const actor = authorize(c, 'participants:read', plieId);
      return c.json(await listParticipants(c.var.deps, actor, { plieId, cursor, limit }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/participants/{id}',
      tags,
      security: bearer,
      summary: 'Lire un participant',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Participant, 'Le participant'), ...problems(400, 404) },
    }),
    async (c) => {
      authorize(c, 'participants:read');
      const participant = await getParticipant(c.var.deps, c.req.valid('param').id);
      authorize(c, 'participants:read', participant.plieId);
      return c.json(participantView(participant), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/participants/{id}',
      tags,
      security: bearer,
      summary: 'Renseigner ou corriger le sexe et la tranche d’âge à l’entrée d’un participant',
      description:
        'Pour les bilans des financeurs (FSE). null retire la valeur (non renseigné). Un ' +
        'participant effacé ne peut plus être décrit (409).',
      request: { params: IdParam, body: jsonBody(ParticipantDescribe) },
      responses: {
        200: jsonResponse(Participant, 'Participant décrit'),
        ...problems(400, 404, 409),
      },
    }),
    async (c) => {
      authorize(c, 'participants:write');
      const participant = await getParticipant(c.var.deps, c.req.valid('param').id);
      const actor = authorize(c, 'participants:write', participant.plieId);
      const described = await describeParticipant(
        c.var.deps,
        actor,
        participant,
        c.req.valid('json'),
      );
      return c.json(participantView(described), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/participants/{id}/exit',
      tags,
      security: bearer,
      summary: 'Enregistrer la sortie d’un participant',
      request: { params: IdParam, body: jsonBody(ParticipantExit) },
      responses: {
        200: jsonResponse(Participant, 'Sortie enregistrée'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      authorize(c, PARTICIPANT_TRANSITIONS.exit.action);
      const participant = await getParticipant(c.var.deps, c.req.valid('param').id);
      const actor = authorize(c, PARTICIPANT_TRANSITIONS.exit.action, participant.plieId);
      const exited = await exitParticipant(c.var.deps, actor, participant, c.req.valid('json'));
      return c.json(participantView(exited), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/participants/{id}/exit',
      tags,
      security: bearer,
      summary: 'Corriger la sortie d’un participant, avec le motif',
      description: 'La sortie d’avant et le motif restent dans l’historique du participant.',
      request: { params: IdParam, body: jsonBody(ParticipantExitCorrection) },
      responses: {
        200: jsonResponse(Participant, 'Sortie corrigée'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      authorize(c, PARTICIPANT_TRANSITIONS.correctExit.action);
      const participant = await getParticipant(c.var.deps, c.req.valid('param').id);
      const actor = authorize(c, PARTICIPANT_TRANSITIONS.correctExit.action, participant.plieId);
      const corrected = await correctExit(c.var.deps, actor, participant, c.req.valid('json'));
      return c.json(participantView(corrected), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/participants/{id}/exit',
      tags,
      security: bearer,
      summary: 'Annuler une sortie enregistrée par erreur, avec le motif',
      request: { params: IdParam, body: jsonBody(ParticipantExitCancel) },
      responses: {
        200: jsonResponse(Participant, 'Sortie annulée'),
        ...problems(400, 404, 409),
      },
    }),
    async (c) => {
      authorize(c, PARTICIPANT_TRANSITIONS.cancelExit.action);
      const participant = await getParticipant(c.var.deps, c.req.valid('param').id);
      const actor = authorize(c, PARTICIPANT_TRANSITIONS.cancelExit.action, participant.plieId);
      const back = await cancelExit(c.var.deps, actor, participant, c.req.valid('json').reason);
      return c.json(participantView(back), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/participants/{id}',
      tags,
      security: bearer,
      summary:
        'Effacer un participant (RGPD) : sa référence et ses critères disparaissent, ses heures et sa sortie restent, anonymes',
      description:
        'Réservé aux administrateurs et aux coordinateurs du PLIE du participant ; `reason` dit qui ' +
        'l’a demandé et quand, gardé dans l’historique.',
      request: { params: IdParam, body: jsonBody(ParticipantErase) },
      responses: { 204: { description: 'Participant effacé' }, ...problems(400, 404, 409) },
    }),
    async (c) => {
      authorize(c, PARTICIPANT_TRANSITIONS.erase.action);
      const participant = await getParticipant(c.var.deps, c.req.valid('param').id);
      const actor = authorize(c, PARTICIPANT_TRANSITIONS.erase.action, participant.plieId);
      await eraseParticipant(c.var.deps, actor, participant, c.req.valid('json').reason);
      return c.body(null, 204);
    },
  );

  return app;
}
