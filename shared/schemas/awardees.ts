import { REMINDER_DAYS } from '#shared/domain/awardees';
import { Siret } from './common';
import { z } from './zod';

export const InvitationCreate = z
  .object({
    email: z.email({ message: 'Adresse e-mail invalide' }).max(254).openapi({
      example: 'paie@proprete-girondine.example',
    }),
    siret: Siret.optional().openapi({
      description: 'l’entreprise invitée : le titulaire (par défaut) ou un cotraitant',
    }),
  })
  .openapi('InvitationCreate');

export const Invitation = z
  .object({
    email: z.string(),
    siret: z.string(),
    contractId: z.string(),
    account: z.enum(['created', 'existing', 'local']).openapi({
      description:
        'created : compte créé (Cognito envoie le mot de passe provisoire) ; existing : ' +
        'l’adresse avait déjà un compte de cette entreprise ; local : mode local, sans compte',
    }),
    signInUrl: z
      .string()
      .nullable()
      .openapi({ description: 'en mode local, le lien qui ouvre la connexion de l’entreprise' }),
  })
  .openapi('Invitation');

export const AwardeeContactList = z
  .object({
    items: z.array(
      z.object({
        email: z.string(),
        siret: z.string(),
        invitedAt: z.string(),
        invitedBy: z.string(),
      }),
    ),
  })
  .openapi('AwardeeContactList');

export const ReminderSettings = z
  .object({
    day: z.number().int().min(REMINDER_DAYS.min).max(REMINDER_DAYS.max).openapi({
      description: 'le jour du mois où les titulaires en retard sont relancés (5 par défaut)',
      example: 5,
    }),
  })
  .openapi('ReminderSettings');

export const ReportRecipients = z
  .object({
    emails: z
      .array(z.email({ message: 'Adresse e-mail invalide' }).max(254))
      .max(20)
      .openapi({
        description:
          'qui reçoit le rapport mensuel complet de la structure (les coordinateurs de PLIE reçoivent le leur)',
        example: ['achats@metropole.example'],
      }),
  })
  .openapi('ReportRecipients');
