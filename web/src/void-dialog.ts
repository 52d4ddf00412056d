import { ApiError, api } from './api';
import { field, h } from './dom';

// Voiding an hour line: a modal dialog (the platform's <dialog>: focus kept inside, Escape
// closes it) that says which line, asks for the reason the history will keep, and shows the
// API's refusal in place. Replaces the browser's prompt().

/** Opens the dialog; resolves true once the line is voided, false if the user keeps it. */
export function voidLineDialog(lineId: string, summary: string): Promise<boolean> {
  const reason = field(
    'Motif de l’annulation',
    h('input', { name: 'reason', maxlength: '500', autocomplete: 'off' }),
    'Il reste dans l’historique de la ligne, avec votre nom et la date.',
  );
  const confirm = h('button', { type: 'submit' }, 'Annuler la ligne');
  const keep = h('button', { type: 'button', class: 'secondary' }, 'Garder la ligne');
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: 'void-title' }, 'Annuler une ligne d’heures'),
    h('p', null, summary),
    reason.element,
    h('div', { class: 'actions' }, confirm, ' ', keep),
  );
  reason.control.addEventListener('input', () => reason.setError(null));
  const dialog = h('dialog', { 'aria-labelledby': 'void-title', class: 'modal' }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let voided = false;
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(voided);
    });
    keep.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = reason.control.value.trim();
      if (!text) {
        reason.setError('Indiquez le motif de l’annulation.');
        reason.control.focus();
        return;
      }
      confirm.disabled = true;
      try {
        await api('POST', `/api/hours/${lineId}/void`, { reason: text });
        voided = true;
        dialog.close();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        reason.setError(error.errors[0]?.message ?? error.detail);
        confirm.disabled = false;
      }
    });
    dialog.showModal();
    reason.control.focus();
  });
}
