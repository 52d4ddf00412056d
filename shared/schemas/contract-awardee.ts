import { z } from './zod';

/**
 * A company holding a contract, as read back: by its SIRET, or as DECP published it by its
 * SIREN alone or a foreign identifier. Its name is empty until someone completes it.
 */
export const ContractAwardee = z
  .object({
    name: z.string().openapi({
      description: 'vide tant que personne ne l’a complété (le format DECP 2024 n’en publie pas)',
    }),
    siret: z.string().optional(),
    siren: z.string().optional().openapi({ description: 'publié sans établissement : le SIREN' }),
    identifier: z.string().optional().openapi({
      description: 'identifiant étranger tel que publié (TVA, HORS-UE) : il ne donne aucun accès',
    }),
  })
  .openapi('ContractAwardee');
