import { formatPercent } from '#shared/domain/format';
import { HOUR_MODE_LABELS, type HourMode } from '#shared/domain/hours';
import { centsToEuros } from '#shared/domain/money';
import type { MonthlyReport } from './model';
import { paceLabel } from './pace-words';

// The report as a spreadsheet: `;` separators, decimal commas, UTF-8 with a byte order mark so
// that Excel reads the accents. Text that starts like a formula is neutralised.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Numbers without thousands separators, so that spreadsheets read them as numbers. */
export function csvNumber(value: number | null): string {
  if (value === null) return '';
  return String(Math.round(value * 10_000) / 10_000).replace('.', ',');
}

/** Money in the CSV is euros with a decimal comma, as French Excel reads it. */
function csvEuros(cents: number): string {
  return csvNumber(centsToEuros(cents));
}

export function renderCsv(report: MonthlyReport): string {
  const rows: string[][] = [];
  const blank = () => rows.push([]);
  rows.push([`Rapport mensuel — ${report.monthLabel}`, report.scope.name]);
  blank();
  // The figures the email opens with, so that the file says the month's total by itself.
  rows.push(['Synthèse']);
  rows.push(['Heures du mois', csvNumber(report.summary.hoursMonth)]);
  rows.push(['Heures depuis janvier', csvNumber(report.summary.hoursYearToDate)]);
  rows.push(['Marchés suivis', String(report.summary.contracts)]);
  rows.push(['Marchés en retard', String(report.summary.contractsBehind)]);
  blank();
  rows.push(['Heures par marché']);
  rows.push([
    'Référence',
    'Intitulé',
    'Heures du mois',
    'Heures de l’année',
    'Heures réalisées',
    'Objectif',
    'Avancement',
    'Attendu au prorata',
    'En retard',
    // The words the e-mail and the pages say (« En retard » stays oui/non for filters).
    'Statut',
  ]);
  for (const c of report.contracts) {
    rows.push([
      csvText(c.reference),
      csvText(c.title),
      csvNumber(c.hoursMonth),
      csvNumber(c.hoursYearToDate),
      csvNumber(c.hoursToDate),
      csvNumber(c.targetHours),
      formatPercent(c.progress),
      csvNumber(c.expectedHours),
      c.behind ? 'oui' : 'non',
      paceLabel(c),
    ]);
  }
  rows.push([
    'Total',
    '',
    csvNumber(report.summary.hoursMonth),
    csvNumber(report.summary.hoursYearToDate),
  ]);
  blank();
  rows.push(['Heures par PLIE et modalité']);
  rows.push(['PLIE', 'Modalité', 'Heures du mois', 'Heures de l’année']);
  for (const p of report.plies) {
    rows.push([csvText(p.name), 'Toutes', csvNumber(p.hoursMonth), csvNumber(p.hoursYearToDate)]);
    for (const [mode, hours] of Object.entries(p.byModeYearToDate)) {
      rows.push([
        csvText(p.name),
        HOUR_MODE_LABELS[mode as HourMode] ?? mode,
        csvNumber(p.byModeMonth[mode] ?? 0),
        csvNumber(hours),
      ]);
    }
  }
  blank();
  rows.push([`Financement ${report.funding.year}`]);
  if (report.funding.missing) rows.push([csvText(report.funding.missing)]);
  else {
    rows.push(['PLIE', 'Heures', 'Part fixe (€)', 'Part variable (€)', 'Total (€)']);
    for (const r of report.funding.rows) {
      rows.push([
        csvText(r.name),
        csvNumber(r.hours),
        csvEuros(r.fixedCents),
        csvEuros(r.variableCents),
        csvEuros(r.totalCents),
      ]);
    }
    const t = report.funding.totals;
    if (t)
      rows.push([
        'Total',
        csvNumber(t.hours),
        csvEuros(t.fixedCents),
        csvEuros(t.variableCents),
        csvEuros(t.totalCents),
      ]);
    // Several funders (a metropolis, a département): what each convention gives.
    if (report.funding.conventions.length > 1) {
      rows.push([
        'Convention',
        'SIRET du financeur',
        'Part fixe (€)',
        'Par heure (€)',
        'Total (€)',
      ]);
      for (const c of report.funding.conventions) {
        rows.push([
          csvText(c.funderSiret ? (c.funderName ?? c.funderSiret) : 'Tous les marchés'),
          c.funderSiret ?? '',
          c.fixedPerPlieCents === null ? '' : csvEuros(c.fixedPerPlieCents),
          c.perHourCents === null ? '' : csvEuros(c.perHourCents),
          csvEuros(c.totalCents),
        ]);
      }
    }
  }
  blank();
  rows.push([
    'Sorties',
    'Sorties',
    'Positives (PLIE)',
    'Taux positif',
    'Durables',
    'Transition',
    'Positives (IAE)',
  ]);
  for (const [label, r] of [
    ['Mois', report.outcomes.month],
    ['Année', report.outcomes.yearToDate],
  ] as const) {
    rows.push([
      label,
      String(r.exits),
      String(r.positive),
      formatPercent(r.positiveRate),
      String(r.dynamic.durable),
      String(r.dynamic.transition),
      String(r.dynamic.positive),
    ]);
  }
  blank();
  rows.push(['Nouveaux marchés réservés']);
  rows.push(['Référence', 'Intitulé', 'Titulaire', 'Fondement', 'Montant HT (€)', 'Notifié le']);
  for (const m of report.reservedMarkets) {
    rows.push([
      csvText(m.reference),
      csvText(m.title),
      csvText(m.awardee),
      m.basis ?? '',
      csvEuros(m.amountCents),
      m.notifiedOn,
    ]);
  }
  blank();
  rows.push(['Alertes de conformité']);
  rows.push(['Référence', 'Intitulé', 'Règle', 'Écart']);
  for (const a of report.alerts) {
    for (const i of a.issues)
      rows.push([
        csvText(a.contract.reference),
        csvText(a.contract.title),
        csvText(i.reference),
        csvText(i.message),
      ]);
  }
  return `\uFEFF${rows.map((r) => r.join(';')).join('\r\n')}\r\n`;
}
