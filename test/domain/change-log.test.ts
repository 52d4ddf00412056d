import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concernsText, fieldChanges, objectName } from '#shared/domain/change-description';
import { CHANGE_ACTION_LABELS, CHANGE_ENTITY_LABELS, inJournal } from '#shared/domain/change-log';
import { STATEMENT_STATES, STATEMENT_TRANSITIONS } from '#shared/domain/statement-lifecycle';

// Every action and kind of object any code writes into the change log has its French label:
// read from the source itself (each `changeItem(…)`, each contract update's `{ action: … }`),
// so an action added tomorrow without its label fails here, whoever adds it.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The text of each call of `callee` in `text`, to its closing parenthesis. */
function calls(text: string, callee: RegExp): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(callee)) {
    let depth = 0;
    const start = (match.index ?? 0) + match[0].length - 1;
    for (let i = start; i < text.length; i += 1) {
      if (text[i] === '(') depth += 1;
      if (text[i] === ')') depth -= 1;
      if (depth === 0) {
        found.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return found;
}

/** The literal strings written as `action:` (or `entityType:`) in a call, ternaries included. */
function literals(call: string, field: string): string[] {
  const values: string[] = [];
  for (const match of call.matchAll(new RegExp(`${field}:\\s*([^,\\n}]+)`, 'g'))) {
    for (const literal of (match[1] ?? '').matchAll(/'([^']+)'/g)) values.push(literal[1] ?? '');
  }
  return values;
}

const written = sources('shared').flatMap((path) => {
  const text = readFileSync(path, 'utf8');
  const recorded = calls(text, /\bchangeItem\(/g);
  const updates = calls(text, /\.contracts\.update\(/g);
  return [
    ...recorded.flatMap((call) => literals(call, 'action').map((action) => ({ path, action }))),
    ...updates.flatMap((call) => literals(call, 'action').map((action) => ({ path, action }))),
    ...recorded.flatMap((call) =>
      literals(call, 'entityType').map((entityType) => ({ path, entityType })),
    ),
  ];
});

describe('the change log’s labels', () => {
  it('finds the actions the code writes (the scan works)', () => {
    const actions = written.flatMap((w) => ('action' in w ? [w.action] : []));
    for (const known of ['log', 'void', 'invite-awardee', 'amend', 'recompute-allocation'])
      expect(actions).toContain(known);
    expect(written.some((w) => 'entityType' in w && w.entityType === 'setting')).toBe(true);
  });

  it('labels every action written, in French', () => {
    const missing = written.flatMap((w) =>
      'action' in w && !(w.action in CHANGE_ACTION_LABELS) ? [`${w.path}: ${w.action}`] : [],
    );
    expect(missing).toEqual([]);
  });

  it('labels every kind of object written', () => {
    const missing = written.flatMap((w) =>
      'entityType' in w && !(w.entityType in CHANGE_ENTITY_LABELS)
        ? [`${w.path}: ${w.entityType}`]
        : [],
    );
    expect(missing).toEqual([]);
  });

  it('labels what a statement’s transitions record: the state reached, a change undone', () => {
    const labels: Record<string, string> = CHANGE_ACTION_LABELS;
    for (const state of STATEMENT_STATES) expect(labels[state], state).toBeDefined();
    for (const [name, transition] of Object.entries(STATEMENT_TRANSITIONS)) {
      expect(labels[transition.to]).toBeDefined();
      if ('ifInterrupted' in transition) expect(labels[`${name}-undone`], name).toBeDefined();
    }
  });

  it('never shows a raw code as a label', () => {
    for (const [code, label] of Object.entries(CHANGE_ACTION_LABELS)) {
      expect(label).not.toBe(code);
      expect(label).toMatch(/^[A-ZÉ]/);
    }
  });

  it('keeps one entry per action: a line an import wrote and a file’s receipt are parts of one', () => {
    expect(inJournal('hours-line', 'import')).toBe(false);
    expect(inJournal('statement', 'upload')).toBe(false);
    expect(inJournal('statement', 'imported')).toBe(true);
    expect(inJournal('hours-line', 'void')).toBe(true);
  });
});

describe('how an entry is said', () => {
  const names = {
    contracts: new Map([['C1', { reference: '2025-0099', title: 'Gymnase' }]]),
    plies: new Map([
      ['medoc', { name: 'PLIE du Médoc' }],
      ['bx', { name: 'Bordeaux' }],
    ]),
  };

  it('names a PLIE once, a contract by reference and title, a setting by what it sets', () => {
    expect(objectName({ entityType: 'plie', entityId: 'medoc' }, names)).toBe('PLIE du Médoc');
    expect(objectName({ entityType: 'plie', entityId: 'bx' }, names)).toBe('PLIE Bordeaux');
    expect(objectName({ entityType: 'contract', entityId: 'C1' }, names)).toBe(
      'Marché 2025-0099 — Gymnase',
    );
    expect(objectName({ entityType: 'setting', entityId: 'reminders' }, names)).toBe(
      'Réglage : relances des titulaires',
    );
  });

  it('says what a line concerns: its contract, month and PLIE', () => {
    expect(
      concernsText(
        { entityType: 'hours-line', contractIds: ['C1'], months: ['2026-10'], plieIds: ['medoc'] },
        names,
      ),
    ).toBe('Marché 2025-0099 — Gymnase · octobre 2026 · PLIE du Médoc');
  });

  it('says each field changed, before → after, in French, and leaves out the unchanged', () => {
    const plain = (text: string) => text.replace(/\s/g, ' ');
    const changes = fieldChanges({
      data: { perHourCents: 150, fixedPerPlieCents: 500_000, endsOn: '2026-12-31' },
      before: { perHourCents: 100, fixedPerPlieCents: 500_000, endsOn: '2026-06-30' },
    }).map((c) => ({ ...c, before: plain(c.before), after: plain(c.after) }));
    expect(changes).toEqual([
      { field: 'perHourCents', label: 'Montant par heure', before: '1,00 €', after: '1,50 €' },
      { field: 'endsOn', label: 'Fin', before: '30 juin 2026', after: '31 décembre 2026' },
    ]);
    expect(fieldChanges({ data: { day: 9 } })).toEqual([]);
  });
});
