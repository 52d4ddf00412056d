// Items read back from the table are checked, not cast: each stored entity has a small
// `fromItem` built from these readers, which throw on an attribute of the wrong shape instead
// of letting it travel into a report. Plain checks, no schema library: they run on every read
// and must cost nothing at cold start.

export type Item = Record<string, unknown>;

/** An item whose attributes do not have the shape its entity needs (a bug or a manual edit). */
export class CorruptItemError extends Error {
  constructor(entity: string, attribute: string, expected: string, value: unknown) {
    super(
      `Stored ${entity} has ${attribute} = ${JSON.stringify(value)?.slice(0, 80)}, expected ${expected}`,
    );
    this.name = 'CorruptItemError';
  }
}

export interface ItemReader {
  string(name: string): string;
  optionalString(name: string): string | undefined;
  nullableString(name: string): string | null;
  number(name: string): number;
  optionalNumber(name: string): number | undefined;
  nullableNumber(name: string): number | null;
  boolean(name: string, fallback: boolean): boolean;
  oneOf<T extends string>(name: string, values: readonly T[]): T;
  nullableOneOf<T extends string>(name: string, values: readonly T[]): T | null;
  strings(name: string, fallback?: string[]): string[];
  oneOfList<T extends string>(name: string, values: readonly T[], fallback?: T[]): T[];
  record(name: string): Item;
  /** A list of maps; an absent attribute reads as an empty list. */
  records(name: string): Item[];
  optionalRecord(name: string): Item | undefined;
  nullableRecord(name: string): Item | null;
}

/** Readers for the attributes of `item`, naming `entity` in any error. */
export function readItem(item: Item, entity: string): ItemReader {
  const fail = (name: string, expected: string): never => {
    throw new CorruptItemError(entity, name, expected, item[name]);
  };
  const isRecord = (value: unknown): value is Item =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const reader: ItemReader = {
    string: (name) =>
      typeof item[name] === 'string' ? (item[name] as string) : fail(name, 'a string'),
    optionalString: (name) => (item[name] === undefined ? undefined : reader.string(name)),
    nullableString: (name) => (item[name] == null ? null : reader.string(name)),
    number: (name) =>
      typeof item[name] === 'number' && Number.isFinite(item[name])
        ? (item[name] as number)
        : fail(name, 'a number'),
    optionalNumber: (name) => (item[name] === undefined ? undefined : reader.number(name)),
    nullableNumber: (name) => (item[name] == null ? null : reader.number(name)),
    boolean: (name, fallback) => {
      const value = item[name];
      if (value === undefined) return fallback;
      return typeof value === 'boolean' ? value : fail(name, 'a boolean');
    },
    oneOf: (name, values) => {
      const value = item[name];
      return values.includes(value as never)
        ? (value as (typeof values)[number])
        : fail(name, `one of ${values.join(', ')}`);
    },
    nullableOneOf: (name, values) => (item[name] == null ? null : reader.oneOf(name, values)),
    strings: (name, fallback) => {
      const value = item[name];
      if (value === undefined && fallback) return fallback;
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? [...(value as string[])]
        : fail(name, 'a list of strings');
    },
    oneOfList: (name, values, fallback) => {
      const list = reader.strings(name, fallback);
      return list.every((v) => values.includes(v as never))
        ? (list as (typeof values)[number][])
        : fail(name, `a list of ${values.join(', ')}`);
    },
    record: (name) => (isRecord(item[name]) ? (item[name] as Item) : fail(name, 'a map')),
    records: (name) => {
      const value = item[name];
      if (value === undefined) return [];
      return Array.isArray(value) && value.every(isRecord)
        ? (value as Item[])
        : fail(name, 'a list of maps');
    },
    optionalRecord: (name) => (item[name] === undefined ? undefined : reader.record(name)),
    nullableRecord: (name) => (item[name] == null ? null : reader.record(name)),
  };
  return reader;
}
