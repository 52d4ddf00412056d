// Buyers publish each lot of a contract as its own DECP record, often with the contract's id:
// the lot its object names ("LOT 2 : …", "Lot n°3", "lot no4") is then part of its identity, so
// two lots never overwrite each other, whichever files or days they come in.

const LOT = /\blot\s*(?:n\s*[°o]\s*\.?|no\.?|num[ée]ro|#)?\s*(\d{1,3})\b/i;

/** The lot number a record's object names, without leading zeros; null when it names none. */
export function decpLot(title: string): string | null {
  const match = LOT.exec(title);
  return match ? String(Number(match[1])) : null;
}

/** The reference of a lot: the published id, with the lot unless the id already ends with it. */
export function referenceWithLot(id: string, lot: string | null): string {
  if (lot === null) return id;
  if (new RegExp(`lot[\\s_-]*0*${lot}$`, 'i').test(id)) return id;
  return `${id}-lot${lot}`;
}
