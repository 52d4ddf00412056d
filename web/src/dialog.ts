import { ApiError } from './api';
import { field, h } from './dom';
import { onSubmit } from './form-submit';

// A modal dialog (the platform's <dialog>: focus kept inside, Escape closes it) that says what
// is about to happen, asks for the reason the history will keep when there is one, and shows
// the API's refusal in place. Used to void a line, cancel an exit, erase a participant.

let dialogs = 0;

export interface ConfirmOptions {
  title: string;
  body: (Node | string)[];
  /** Asks for a reason (required) under this label, passed to `act`. */
  reasonLabel?: string;
  reasonHint?: string;
  reasonMissing?: string;
  confirm: string;
  keep: string;
  /** Does the thing; a thrown ApiError stays in the dialog, in words. */
  act: (reason: string) => Promise<void>;
}

/** Resolves true once `act` succeeded, false if the user stepped back. */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  const titleId = `dialog-title-${++dialogs}`;
  const reason = options.reasonLabel
    ? field(
        options.reasonLabel,
        h('input', { name: 'reason', maxlength: '500', autocomplete: 'off' }),
        options.reasonHint,
      )
    : null;
  const problem = h('p', { class: 'error', role: 'alert' });
  const confirm = h('button', { type: 'submit' }, options.confirm);
  const keep = h('button', { type: 'button', class: 'secondary' }, options.keep);
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: titleId }, options.title),
    ...options.body.map((part) => (typeof part === 'string' ? h('p', null, part) : part)),
    reason?.element,
    problem,
    h('div', { class: 'actions' }, confirm, ' ', keep),
  );
  reason?.control.addEventListener('input', () => reason.setError(null));
  const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'modal' }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let done = false;
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(done);
    });
    keep.addEventListener('click', () => dialog.close());
    onSubmit(form, async (event) => {
      event.preventDefault();
      const text = reason?.control.value.trim() ?? '';
      if (reason && !text) {
        reason.setError(options.reasonMissing ?? 'Indiquez le motif.');
        reason.control.focus();
        return;
      }
      confirm.disabled = true;
      try {
        await options.act(text);
        done = true;
        dialog.close();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const message = error.errors[0]?.message ?? error.detail;
        if (reason) reason.setError(message);
        else problem.textContent = message;
        confirm.disabled = false;
      }
    });
    dialog.showModal();
    (reason?.control ?? keep).focus();
  });
}
