import { api } from './api';
import { confirmDialog } from './dialog';

/** Voiding an hour line: resolves true once the line is voided, false if the user keeps it. */
export function voidLineDialog(lineId: string, summary: string): Promise<boolean> {
  return confirmDialog({
    title: 'Annuler une ligne d’heures',
    body: [summary],
    reasonLabel: 'Motif de l’annulation',
    reasonHint: 'Il reste dans l’historique de la ligne, avec votre nom et la date.',
    reasonMissing: 'Indiquez le motif de l’annulation.',
    confirm: 'Annuler la ligne',
    keep: 'Garder la ligne',
    act: (reason) => api('POST', `/api/hours/${lineId}/void`, { reason }),
  });
}
