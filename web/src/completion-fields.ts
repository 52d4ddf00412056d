import { CONTRACT_KIND_LABELS, CONTRACT_KINDS } from '#shared/domain/contracts';
import { readFrenchNumber } from '#shared/domain/format';
import { TO_COMPLETE_LABELS } from '#shared/domain/to-complete';
import { type Field, field, h } from './dom';
import type { ContractDetail } from './types';

// The « À compléter » part of a contract's form: what its open data lacked (code CPV, end,
// amount, names, the awardee's SIRET), each a field; an empty name is always offered. What a
// field is left empty stays to complete; what is filled is sent and clears its item.

export interface CompletionFields {
  element: HTMLElement | null;
  fields: Record<string, Field>;
  /** The body's completion part, and the problems found before sending. */
  value(): { body: Record<string, unknown>; problems: [Field, string][] };
}

const input = (name: string, extra: Record<string, string> = {}) =>
  h('input', { name, autocomplete: 'off', ...extra }) as HTMLInputElement;

export function completionFields(contract: ContractDetail): CompletionFields {
  const missing = new Set(contract.toComplete ?? []);
  const fields: Record<string, Field> = {};
  if (missing.has('cpv')) {
    fields.cpv = field('Code CPV', input('cpv', { inputmode: 'numeric' }), 'ex. 45223220-4');
    const kind = h(
      'select',
      { name: 'kind' },
      h('option', { value: '' }, '— d’après le code CPV —'),
      ...CONTRACT_KINDS.map((k) => h('option', { value: k }, CONTRACT_KIND_LABELS[k])),
    ) as HTMLSelectElement;
    fields.kind = field('Nature des prestations', kind);
  }
  if (missing.has('duration'))
    fields.endsOn = field(
      'Fin du marché',
      input('endsOn', { type: 'date', min: contract.startsOn }),
    );
  if (missing.has('amount'))
    fields.amount = field('Montant HT (€)', input('amount', { inputmode: 'decimal' }));
  if (!contract.buyer.name)
    fields.buyerName = field(
      'Nom de l’acheteur',
      input('buyerName', { maxlength: '200' }),
      contract.buyer.siret ? `SIRET ${contract.buyer.siret}` : undefined,
    );
  if (!contract.awardee.name)
    fields['awardee.name'] = field('Nom du titulaire', input('awardeeName', { maxlength: '200' }));
  if (!contract.awardee.siret)
    fields['awardee.siret'] = field(
      'SIRET du titulaire',
      input('awardeeSiret', { inputmode: 'numeric' }),
      contract.awardee.siren
        ? `publié par son SIREN ${contract.awardee.siren} : le SIRET de l’établissement`
        : `publié : ${contract.awardee.identifier ?? 'aucun identifiant'}`,
    );
  const text = (key: string) =>
    (fields[key]?.control as HTMLInputElement | undefined)?.value.trim() ?? '';
  const element = Object.keys(fields).length
    ? h(
        'fieldset',
        { class: 'group' },
        h('legend', null, 'À compléter'),
        h(
          'p',
          { class: 'hint' },
          contract.toComplete?.length
            ? `Les données publiées ne donnaient pas : ${contract.toComplete.map((item) => TO_COMPLETE_LABELS[item]).join(', ')}. Ce qui reste vide reste à compléter.`
            : 'Les noms que les données publiées ne donnaient pas.',
        ),
        ...Object.values(fields).map((f) => f.element),
      )
    : null;
  return {
    element,
    fields,
    value() {
      const body: Record<string, unknown> = {};
      const problems: [Field, string][] = [];
      if (text('cpv')) body.cpv = text('cpv');
      if (text('kind')) body.kind = text('kind');
      if (text('endsOn')) body.endsOn = text('endsOn');
      if (text('amount')) {
        const amount = readFrenchNumber(text('amount'));
        if (amount === null && fields.amount)
          problems.push([fields.amount, 'Un montant en euros, ex. 1 000 000 ou 25 000,50']);
        else body.amount = amount;
      }
      if (text('buyerName')) body.buyerName = text('buyerName');
      const awardee = {
        ...(text('awardee.name') ? { name: text('awardee.name') } : {}),
        ...(text('awardee.siret') ? { siret: text('awardee.siret') } : {}),
      };
      if (Object.keys(awardee).length) body.awardee = awardee;
      return { body, problems };
    },
  };
}
