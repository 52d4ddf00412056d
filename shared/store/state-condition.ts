// A lifecycle's transition as a write's condition: the item must be in one of the states the
// transition starts from (shared/domain/*-lifecycle.ts), so of two writes racing, the second
// finds the state moved and fails before writing anything.

export interface StateCondition {
  /** `#status IN (:from0, …)`; needs `#status` named `status`. */
  expression: string;
  values: Record<string, string>;
}

export function stateCondition(from: readonly string[]): StateCondition {
  if (from.length === 0) throw new Error('A transition with no starting state has no condition');
  const values: Record<string, string> = {};
  from.forEach((state, i) => {
    values[`:from${i}`] = state;
  });
  return { expression: `#status IN (${Object.keys(values).join(', ')})`, values };
}
