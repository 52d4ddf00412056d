import { HOUR_MODE_LABELS, type HourMode } from '#shared/domain/hours';
import { BASIS_LABELS } from '#shared/domain/reserved';
import { eurCents, frenchDate, h, pct } from './format';
import { fundingTerms } from './funding-section';
import type { MonthlyReport } from './model';
import { PACE_LABELS, rowPace } from './pace-words';
import { reportLink } from './render-html';

/** A row's status after its figures: late shouted as before, below the pro-rata said. */
const paceWords = (pace: ReturnType<typeof rowPace>) =>
  pace === 'behind'
    ? ' · EN RETARD'
    : pace === 'below-pace'
      ? ` · ${PACE_LABELS[pace].toLowerCase()}`
      : '';

/** The plain-text alternative of the email: the same figures, for clients that show no HTML. */
export function renderText(
  report: MonthlyReport,
  options: { appUrl?: string; note?: string } = {},
): string {
  const out: string[] = [];
  const title = (text: string) => out.push('', text, '-'.repeat(text.length));
  out.push(
    `Rapport mensuel — ${report.monthLabel}`,
    `${report.scope.name} · situation au ${frenchDate(report.asOf)}`,
    '',
  );
  out.push(
    `Heures du mois : ${h(report.summary.hoursMonth)}`,
    `Heures depuis janvier : ${h(report.summary.hoursYearToDate)}`,
    `Marchés suivis : ${report.summary.contracts} (en retard : ${report.summary.contractsBehind})`,
  );
  title('Heures par marché');
  if (!report.contracts.length) out.push(`Aucun marché en cours en ${report.monthLabel}.`);
  for (const c of report.contracts) {
    const target =
      c.targetHours !== null
        ? ` sur ${h(c.targetHours)} (${pct(c.progress)}, attendu ${h(c.expectedHours)})`
        : '';
    out.push(
      `${c.reference} — ${c.title}`,
      `  mois ${h(c.hoursMonth)} · année ${h(c.hoursYearToDate)} · réalisé ${h(c.hoursToDate)}${target}${paceWords(rowPace(c))}`,
    );
  }
  title('Heures par PLIE et modalité');
  for (const p of report.plies) {
    const modes = Object.entries(p.byModeMonth)
      .map(([m, v]) => `${HOUR_MODE_LABELS[m as HourMode] ?? m} ${h(v)}`)
      .join(', ');
    out.push(
      `${p.name} : mois ${h(p.hoursMonth)}${modes ? ` (${modes})` : ''} · année ${h(p.hoursYearToDate)}`,
    );
  }
  title(`Financement ${report.funding.year}`);
  if (report.funding.missing) out.push(report.funding.missing);
  else out.push(fundingTerms(report.funding));
  for (const r of report.funding.rows) {
    out.push(
      `${r.name} : ${h(r.hours)} → ${eurCents(r.fixedCents)} + ${eurCents(r.variableCents)} = ${eurCents(r.totalCents)}`,
    );
  }
  if (report.funding.totals) out.push(`Total : ${eurCents(report.funding.totals.totalCents)}`);
  title('Sorties des participants');
  const { month, yearToDate } = report.outcomes;
  out.push(
    `En ${report.monthLabel} : ${month.exits} sortie(s), ${month.positive} positive(s) (${pct(month.positiveRate)})`,
    `Depuis janvier : ${yearToDate.exits} sortie(s), ${yearToDate.positive} positive(s) (${pct(yearToDate.positiveRate)})`,
  );
  title('Nouveaux marchés réservés');
  if (!report.reservedMarkets.length)
    out.push(`Aucun marché réservé notifié en ${report.monthLabel}.`);
  for (const m of report.reservedMarkets) {
    out.push(
      `${m.reference} — ${m.title} · ${m.awardee} · ${m.basis ? BASIS_LABELS[m.basis] : 'fondement à compléter'} · ${eurCents(m.amountCents)}`,
    );
  }
  title('Alertes de conformité');
  if (!report.alerts.length) out.push('Aucune alerte.');
  for (const a of report.alerts) {
    out.push(`${a.contract.reference} — ${a.contract.title}`);
    for (const issue of a.issues) out.push(`  [${issue.reference}] ${issue.message}`);
  }
  if (options.note) out.push('', options.note);
  if (options.appUrl) out.push('', `Dans clause-tracker : ${reportLink(report, options.appUrl)}`);
  out.push('', 'Message envoyé automatiquement par clause-tracker. Détail joint au format CSV.');
  return `${out.join('\n')}\n`;
}
