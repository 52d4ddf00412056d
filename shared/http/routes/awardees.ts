import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  AwardeeContactList,
  Invitation,
  InvitationCreate,
  ReminderSettings,
  ReportRecipients,
} from '#shared/schemas/awardees';
import { IdParam } from '#shared/schemas/common';
import { contactsOfContract, inviteAwardee } from '#shared/services/invitations';
import {
  reminderDay,
  reportRecipients,
  setReminderDay,
  setReportRecipients,
} from '#shared/services/reminder-settings';

const tags = ['Titulaires'];

/** Inviting awardees' contacts, and the day they are reminded of a missing statement. */
export function awardeesRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contracts/{id}/invitations',
      tags,
      security: bearer,
      summary: 'Inviter un contact du titulaire à déclarer ses heures (admin, achats)',
      description:
        'Le contact reçoit les relances et peut se connecter comme l’entreprise : en AWS un ' +
        'compte Cognito (groupe awardee, SIRET) dont Cognito envoie le mot de passe provisoire ; ' +
        'en mode local, un lien de connexion (`signInUrl`).',
      request: { params: IdParam, body: jsonBody(InvitationCreate) },
      responses: {
        201: jsonResponse(Invitation, 'Contact invité'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const { id } = c.req.valid('param');
      return c.json(await inviteAwardee(c.var.deps, actor, id, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contracts/{id}/invitations',
      tags,
      security: bearer,
      summary: 'Les contacts invités des entreprises du marché (admin, achats)',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(AwardeeContactList, 'Les contacts'),
        ...problems(400, 404),
      },
    }),
    async (c) => {
      authorize(c, 'contracts:write');
      const contacts = await contactsOfContract(c.var.deps, c.req.valid('param').id);
      return c.json(
        {
          items: contacts.map(({ email, siret, invitedAt, invitedBy }) => ({
            email,
            siret,
            invitedAt,
            invitedBy,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/reminders',
      tags,
      security: bearer,
      summary: 'Le jour de relance des titulaires en retard (admin, achats)',
      responses: { 200: jsonResponse(ReminderSettings, 'Le réglage'), ...problems() },
    }),
    async (c) => {
      authorize(c, 'contracts:write');
      return c.json({ day: await reminderDay(c.var.deps) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/reminders',
      tags,
      security: bearer,
      summary: 'Régler le jour de relance des titulaires en retard (admin)',
      request: { body: jsonBody(ReminderSettings) },
      responses: { 200: jsonResponse(ReminderSettings, 'Réglage enregistré'), ...problems(400) },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { day } = c.req.valid('json');
      return c.json(await setReminderDay(c.var.deps, actor, day), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/report-recipients',
      tags,
      security: bearer,
      summary: 'Les destinataires du rapport mensuel de la structure (admin, achats)',
      responses: { 200: jsonResponse(ReportRecipients, 'Les destinataires'), ...problems() },
    }),
    async (c) => {
      authorize(c, 'contracts:write');
      return c.json({ emails: await reportRecipients(c.var.deps) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/report-recipients',
      tags,
      security: bearer,
      summary: 'Régler les destinataires du rapport mensuel de la structure (admin)',
      request: { body: jsonBody(ReportRecipients) },
      responses: {
        200: jsonResponse(ReportRecipients, 'Réglage enregistré'),
        ...problems(400),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      return c.json(await setReportRecipients(c.var.deps, actor, c.req.valid('json').emails), 200);
    },
  );

  return app;
}
