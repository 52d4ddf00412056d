// Numbers and money as French users read them: `1 234,5 h`, `20 000,00 €`.

const hoursFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const eurosFormat = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const percentFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export const formatHours = (hours: number) => `${hoursFormat.format(hours)} h`;
export const formatEurosFromCents = (cents: number) => `${eurosFormat.format(cents / 100)} €`;
export const formatPercent = (share: number) => `${percentFormat.format(share * 100)} %`;

/**
 * Hours as reports carry them: to the hundredth, so that sums of quarter hours and pro-rata
 * figures never show a float's noise (`7.000000000000001`).
 */
export const roundHours = (hours: number) => Math.round(hours * 100) / 100;
