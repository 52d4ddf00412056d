// Numbers and money as French users read them: `1 234,5 h`, `20 000,00 €`.

// Built on first use: the first French `Intl.NumberFormat` loads ICU's locale data, about 20 ms
// that a cold start would otherwise pay at import even when its request formats nothing.
const lazyFormat = (options: Intl.NumberFormatOptions) => {
  let format: Intl.NumberFormat | undefined;
  return (value: number) => {
    format ??= new Intl.NumberFormat('fr-FR', options);
    return format.format(value);
  };
};
const hoursFormat = lazyFormat({ maximumFractionDigits: 2 });
const eurosFormat = lazyFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percentFormat = lazyFormat({ maximumFractionDigits: 1 });

export const formatHours = (hours: number) => `${hoursFormat(hours)} h`;
export const formatEurosFromCents = (cents: number) => `${eurosFormat(cents / 100)} €`;
export const formatPercent = (share: number) => `${percentFormat(share * 100)} %`;

/**
 * Hours as reports carry them: to the hundredth, so that pro-rata figures never show a float's
 * noise (`7.000000000000001`). Sums of hours go through sumHours (hours.ts) instead.
 */
export const roundHours = (hours: number) => Math.round(hours * 100) / 100;

/** A number as French users and spreadsheets write it, as plain digits: `1 234,5` → `1234.5`. */
export function plainNumberText(value: string): string {
  return value
    .trim()
    .replace(/(\d)[\s\u00a0\u202f](?=\d{3}\b)/g, '$1')
    .replace(',', '.');
}

/** `1 234,5`, `1234.5`, `1 000 000` → the number; null when it is not one. */
export function readFrenchNumber(value: string): number | null {
  const text = plainNumberText(value);
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}
