import { Siret, Text } from './common';
import { z } from './zod';

// The buyers' contacts, who receive their bilan in January (services/buyer-contacts.ts).

const Emails = z
  .array(z.email({ message: 'Adresse e-mail invalide' }).max(254))
  .max(10, { message: 'Dix adresses au plus par acheteur' });

export const BuyerContactsUpdate = z
  .object({
    items: z
      .array(
        z.object({
          siret: Siret,
          name: Text(200).optional().openapi({
            description: 'le nom de l’acheteur (par défaut, celui que ses marchés donnent)',
          }),
          emails: Emails.openapi({
            description: 'qui reçoit le bilan de l’acheteur ; aucune : l’acheteur est retiré',
            example: ['clauses@ville.example'],
          }),
        }),
      )
      .max(500),
  })
  .openapi('BuyerContactsUpdate');

const BuyerContact = z
  .object({ siret: z.string(), name: z.string(), emails: z.array(z.string()) })
  .openapi('BuyerContact');

export const BuyerContacts = z
  .object({
    items: z.array(BuyerContact).openapi({ description: 'les acheteurs qui ont des adresses' }),
    buyers: z
      .array(z.object({ siret: z.string(), name: z.string(), contracts: z.number().int() }))
      .openapi({
        description: 'les acheteurs (avec un SIRET) que nomment les marchés de la structure',
      }),
  })
  .openapi('BuyerContacts');

export const BuyerContactsSaved = z
  .object({ items: z.array(BuyerContact) })
  .openapi('BuyerContactsSaved');
