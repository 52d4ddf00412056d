import { normaliseSiret } from '#shared/domain/identifiers';
import { all } from '../api';
import { h, replace } from '../dom';
import type { Contract } from '../types';

// The buyer filter of a DECP import: a metropolis takes its own contracts out of a national
// file. The buyers the structure already knows (those of its contracts) are offered; any other
// SIRET may be typed. None chosen: every record of the file is imported.

export interface BuyerFilter {
  element: HTMLElement;
  /** The SIRETs chosen, or why they cannot be read (a SIRET has 14 digits). */
  chosen(): { sirets: string[] } | { error: string };
}

export function buyerFilter(onChange: () => void): BuyerFilter {
  const known = h('div', { class: 'choices' }, h('span', { class: 'muted' }, 'Chargement…'));
  const others = h('input', {
    id: 'decp-buyers-other',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    'aria-describedby': 'decp-buyers-hint',
  });
  const said = h('p', { class: 'error', id: 'decp-buyers-error', 'aria-live': 'polite' });
  others.addEventListener('change', onChange);
  const boxes: HTMLInputElement[] = [];
  void all<Contract>('/api/contracts').then(
    (contracts) => {
      const names = new Map<string, string>();
      // A name the structure gave beats the placeholder of a file that named none.
      for (const c of contracts) {
        const placeholder = !c.buyer.name.trim() || /^Acheteur \d+$/.test(c.buyer.name);
        if (c.buyer.siret && (!placeholder || !names.has(c.buyer.siret)))
          names.set(c.buyer.siret, c.buyer.name);
      }
      const sorted = [...names].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
      replace(
        known,
        sorted.length
          ? sorted.map(([siret, name], i) => {
              const box = h('input', { type: 'checkbox', id: `decp-buyer-${i}`, value: siret });
              box.addEventListener('change', onChange);
              boxes.push(box);
              return h(
                'label',
                { for: box.id },
                box,
                name.trim() ? ` ${name} (${siret})` : ` ${siret}`,
              );
            })
          : h('span', { class: 'muted' }, 'Aucun acheteur connu : saisissez leurs SIRET.'),
      );
    },
    () => replace(known, h('span', { class: 'muted' }, 'Acheteurs connus indisponibles.')),
  );
  const element = h(
    'fieldset',
    { class: 'group' },
    h('legend', null, 'Acheteurs à importer (facultatif)'),
    h(
      'p',
      { class: 'muted', id: 'decp-buyers-hint' },
      'Pour ne prendre que vos marchés dans un fichier national : cochez vos acheteurs ou saisissez leurs SIRET (14 chiffres, séparés par des virgules). Sans choix, tout le fichier est importé.',
    ),
    known,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'decp-buyers-other' }, 'Autres SIRET d’acheteurs'),
      others,
      said,
    ),
  );
  return {
    element,
    chosen() {
      const typed = others.value
        .split(/[,;\n]/)
        .map(normaliseSiret)
        .filter((s) => s !== '');
      const wrong = typed.find((s) => !/^\d{14}$/.test(s));
      said.textContent = wrong ? `« ${wrong} » n’est pas un SIRET (14 chiffres).` : '';
      if (wrong) others.setAttribute('aria-invalid', 'true');
      else others.removeAttribute('aria-invalid');
      if (wrong) return { error: said.textContent };
      const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
      return { sirets: [...new Set([...ticked, ...typed])] };
    },
  };
}
