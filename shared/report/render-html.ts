import { HOUR_MODE_LABELS, type HourMode } from '#shared/domain/hours';
import { BASIS_LABELS } from '#shared/domain/reserved';
import { escapeHtml as e, eurCents, frenchDate, h, pct } from './format';
import { fundingTerms } from './funding-section';
import { MAIL_STYLE, STACK } from './mail-style';
import type { MonthlyReport } from './model';
import { BELOW_PACE_MEANING, PACE_LABELS, rowPace } from './pace-words';

// The report as an email body: tables and inline styles (Outlook desktop reads nothing else),
// progress bars drawn with table cells, no image, no script, readable at 680 px; a <style> in the
// head reflows the tables on a phone where the client keeps it (mail-style.ts).

const BLUE = '#000091';
const RED = '#ce0500';
const GREEN = '#18753c';
const GREY = '#666666';
const DARK_GREY = '#3a3a3a';
const cell = 'padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top;';
const num = `${cell}text-align:right;white-space:nowrap;`;
const head =
  'padding:6px 8px;border-bottom:2px solid #000091;text-align:left;font-size:12px;color:#3a3a3a;';
const headNum = `${head}text-align:right;`;

/** A cell: its inline style and its HTML. */
type Cell = readonly [style: string, html: string];

/**
 * A table whose every cell carries its column's label, said before it on a phone. Classes, not
 * attribute or child selectors, say what reflows: mail clients (Gmail) know fewer selectors,
 * and a progress bar is a table inside a cell, its own cells left as they are.
 */
function table(headers: [string, boolean][], rows: Cell[][]): string {
  if (rows.length === 0) return '';
  const line = (row: Cell[]) =>
    `<tr class="line">\n${row
      .map(
        ([style, html], i) =>
          `<td data-label="${e(headers[i]?.[0] ?? '')}" class="cell" style="${style}">${html}</td>`,
      )
      .join('\n')}\n</tr>`;
  return `<table class="${STACK}" role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px;margin:0 0 8px"><tbody class="rows">
<tr class="head">${headers.map(([label, numeric]) => `<th style="${numeric ? headNum : head}">${e(label)}</th>`).join('')}</tr>
${rows.map(line).join('\n')}
</tbody></table>`;
}

function section(title: string, body: string, empty: string): string {
  return `<h2 style="font-size:16px;color:${BLUE};margin:28px 0 8px">${e(title)}</h2>
${body || `<p style="margin:0;color:${GREY};font-size:13px">${e(empty)}</p>`}`;
}

/** The colour of each pace: below the pro-rata within the tolerance is neither late nor fine. */
const PACE_COLORS = { behind: RED, 'below-pace': DARK_GREY, 'on-pace': GREEN } as const;

/** A progress bar: the share done, in its pace's colour (red when behind schedule). */
function bar(progress: number, pace: keyof typeof PACE_COLORS | null): string {
  if (!pace) return `<span style="color:${GREY}">sans objectif</span>`;
  const width = Math.max(0, Math.min(100, Math.round(progress * 100)));
  const color = PACE_COLORS[pace];
  const filled =
    width > 0
      ? `<td width="${width}%" style="background:${color};height:8px;font-size:0;line-height:0">&nbsp;</td>`
      : '';
  const rest = width < 100 ? `<td style="height:8px;font-size:0;line-height:0">&nbsp;</td>` : '';
  return `<table role="presentation" width="110" cellpadding="0" cellspacing="0" style="border-collapse:collapse;background:#e5e5e5;display:inline-table"><tr>${filled}${rest}</tr></table>
<span style="font-size:12px;color:${color}">&nbsp;${e(pct(progress))}</span>`;
}

function card(label: string, value: string, color = BLUE): string {
  return `<td width="25%" style="padding:10px;border:1px solid #e5e5e5;vertical-align:top">
<div style="font-size:12px;color:${GREY}">${e(label)}</div>
<div style="font-size:20px;font-weight:bold;color:${color}">${e(value)}</div></td>`;
}

const modeList = (byMode: Record<string, number>) =>
  Object.entries(byMode)
    .map(([mode, hours]) => `${e(HOUR_MODE_LABELS[mode as HourMode] ?? mode)} : ${e(h(hours))}`)
    .join('<br>') || `<span style="color:${GREY}">—</span>`;

/** Where the report's reader finds the same figures in the product, by scope and month. */
export function reportLink(report: MonthlyReport, appUrl: string): string {
  const base = appUrl.replace(/\/+$/, '');
  return report.scope.plieId
    ? `${base}/#/plie/${encodeURIComponent(report.scope.plieId)}`
    : `${base}/#/?mois=${report.month}`;
}

export function renderHtml(
  report: MonthlyReport,
  options: { appUrl?: string; note?: string } = {},
): string {
  const { summary } = report;
  const plieReport = report.scope.plieId !== null;
  const contracts = report.contracts.map((c) => {
    const pace = rowPace(c);
    const row: Cell[] = [
      [
        cell,
        `<strong>${e(c.reference)}</strong><br><span style="color:${GREY}">${e(c.title)}</span>${c.note ? `<br><em style="color:${GREY};font-size:12px">${e(c.note)}</em>` : ''}`,
      ],
      [num, e(h(c.hoursMonth))],
      [num, e(h(c.hoursYearToDate))],
      [
        num,
        `${e(h(c.hoursToDate))}${c.targetHours !== null ? `<br><span style="color:${GREY}">sur ${e(h(c.targetHours))}</span>` : ''}`,
      ],
      [
        `${cell}white-space:nowrap`,
        `${bar(c.progress, pace)}${pace ? `<br><span style="font-size:12px;color:${GREY}">attendu : ${e(h(c.expectedHours))}</span>` : ''}`,
      ],
      // The pace on one line (« Sous le prorata » wrapped word by word in a narrow column).
      [
        `${cell}color:${pace ? PACE_COLORS[pace] : GREY}${pace === 'behind' ? ';font-weight:bold' : ''}`,
        `${pace ? `<span style="white-space:nowrap">${e(PACE_LABELS[pace])}</span>` : '—'}${pace === 'below-pace' ? `<br><span style="font-size:12px;color:${GREY}">${e(BELOW_PACE_MEANING)}</span>` : ''}`,
      ],
    ];
    return row;
  });
  const plies = report.plies.map((p): Cell[] => [
    [cell, e(p.name)],
    [num, e(h(p.hoursMonth))],
    [`${cell}font-size:12px`, modeList(p.byModeMonth)],
    [num, e(h(p.hoursYearToDate))],
  ]);
  const strong = (text: string) => `<strong>${e(text)}</strong>`;
  const funding = report.funding.rows.map((r): Cell[] => [
    [cell, e(r.name)],
    [num, e(h(r.hours))],
    [num, e(eurCents(r.fixedCents))],
    [num, e(eurCents(r.variableCents))],
    [num, strong(eurCents(r.totalCents))],
  ]);
  if (report.funding.totals) {
    const t = report.funding.totals;
    funding.push([
      [cell, strong('Total')],
      [num, strong(h(t.hours))],
      [num, strong(eurCents(t.fixedCents))],
      [num, strong(eurCents(t.variableCents))],
      [num, strong(eurCents(t.totalCents))],
    ]);
  }
  const { month: om, yearToDate: oy } = report.outcomes;
  const outcomes = [
    [`En ${report.monthLabel}`, om],
    ['Depuis janvier', oy],
  ].map(([label, r]) => {
    const rates = r as typeof om;
    const row: Cell[] = [
      [cell, e(label as string)],
      [num, String(rates.exits)],
      [num, `${rates.positive} (${e(pct(rates.positiveRate))})`],
      [
        num,
        `${rates.dynamic.durable} / ${rates.dynamic.transition} / ${rates.dynamic.positive} (${e(pct(rates.dynamic.rate))})`,
      ],
    ];
    return row;
  });
  const reserved = report.reservedMarkets.map((m): Cell[] => [
    [cell, `<strong>${e(m.reference)}</strong><br>${e(m.title)}`],
    [cell, e(m.awardee)],
    [`${cell}font-size:12px`, e(m.basis ? BASIS_LABELS[m.basis] : 'Fondement à compléter')],
    [num, e(eurCents(m.amountCents))],
  ]);
  const alerts = report.alerts.map((a): Cell[] => [
    [
      cell,
      `<strong>${e(a.contract.reference)}</strong><br><span style="color:${GREY}">${e(a.contract.title)}</span>`,
    ],
    [
      cell,
      a.issues
        .map(
          (i) =>
            `<div style="margin-bottom:6px"><span style="color:${RED};font-weight:bold">${e(i.reference)}</span><br>${e(i.message)}</div>`,
        )
        .join(''),
    ],
  ]);

  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`Rapport mensuel — ${report.monthLabel}`)}</title>
<style>
${MAIL_STYLE}
</style></head>
<body style="margin:0;padding:0;background:#f6f6f6;font-family:Arial,Helvetica,sans-serif;color:#161616">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f6"><tr><td class="outer" align="center" style="padding:16px">
<table role="presentation" width="680" cellpadding="0" cellspacing="0" style="max-width:680px;width:100%;background:#ffffff;border-top:4px solid ${BLUE}">
<tr><td class="sheet" style="padding:20px 24px">
<div style="font-size:12px;color:${GREY};text-transform:uppercase;letter-spacing:1px">Clauses sociales d'insertion</div>
<h1 style="font-size:22px;margin:4px 0 2px">Rapport mensuel — ${e(report.monthLabel)}</h1>
<div style="font-size:14px;color:#3a3a3a">${e(report.scope.name)} · situation au ${e(frenchDate(report.asOf))}</div>
<table class="cards" role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin-top:16px"><tr>
${card('Heures du mois', h(summary.hoursMonth))}${card('Heures depuis janvier', h(summary.hoursYearToDate))}${card('Marchés suivis', String(summary.contracts))}${card('Marchés en retard', String(summary.contractsBehind), summary.contractsBehind ? RED : GREEN)}
</tr></table>
${section(
  plieReport ? 'Heures du PLIE par marché' : 'Heures par marché',
  table(
    [
      ['Marché', false],
      ['Mois', true],
      ['Année', true],
      [plieReport ? 'Réalisé / part du PLIE' : 'Réalisé / objectif', true],
      ['Avancement', false],
      ['Statut', false],
    ],
    contracts,
  ),
  `Aucun marché en cours en ${report.monthLabel}.`,
)}
${section(
  'Heures par PLIE et modalité',
  table(
    [
      ['PLIE', false],
      ['Mois', true],
      ['Modalités du mois', false],
      ['Année', true],
    ],
    plies,
  ),
  'Aucun PLIE.',
)}
${section(
  `Financement ${report.funding.year} acquis à fin ${report.monthLabel.split(' ')[0]}`,
  report.funding.missing
    ? ''
    : `<p style="margin:0 0 6px;font-size:12px;color:${GREY}">${e(fundingTerms(report.funding))}</p>${table(
        [
          ['PLIE', false],
          ['Heures', true],
          ['Part fixe', true],
          ['Part variable', true],
          ['Total', true],
        ],
        funding,
      )}`,
  report.funding.missing ?? '',
)}
${section(
  'Sorties des participants',
  table(
    [
      ['Période', false],
      ['Sorties', true],
      ['Positives (PLIE)', true],
      ['Dynamiques IAE : durables / transition / positives', true],
    ],
    outcomes,
  ),
  '',
)}
${section(
  'Nouveaux marchés réservés',
  table(
    [
      ['Marché', false],
      ['Titulaire', false],
      ['Fondement', false],
      ['Montant HT', true],
    ],
    reserved,
  ),
  `Aucun marché réservé notifié en ${report.monthLabel}.`,
)}
${section(
  'Alertes de conformité',
  table(
    [
      ['Marché', false],
      ['Règle et écart', false],
    ],
    alerts,
  ),
  'Aucune alerte : tous les marchés suivis respectent les règles contrôlées.',
)}
${options.note ? `<p style="margin:20px 0 0;font-size:13px;color:${GREY}">${e(options.note)}</p>` : ''}
${
  options.appUrl
    ? `<p style="margin:24px 0 0"><a href="${e(reportLink(report, options.appUrl))}" style="display:inline-block;background:${BLUE};color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:bold">Ouvrir clause-tracker</a></p>`
    : ''
}
<p style="margin:28px 0 0;font-size:12px;color:${GREY}">Message envoyé automatiquement par clause-tracker le ${e(frenchDate(report.generatedAt))}. Le détail est joint au format CSV (tableur).</p>
</td></tr></table>
</td></tr></table>
</body></html>`;
}
