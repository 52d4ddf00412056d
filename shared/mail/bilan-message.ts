import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Bilan, HoursRow } from '#shared/domain/bilan';
import { CONTRACT_KIND_LABELS } from '#shared/domain/contracts';
import { XLSX_TYPE } from '#shared/imports/file-types';
import { bilanFileName, bilanXlsx } from '#shared/report/bilan-export';
import { escapeHtml as e, h, pct } from '#shared/report/format';

// A buyer's yearly bilan as one MIME message, sent to the buyer's contacts in January: the key
// figures and its contracts in HTML with a plain-text alternative, the workbook of the bilan
// attached (the very file `GET /api/bilans/{year}?buyerSiret=&format=xlsx` gives). Built by
// nodemailer's composer, as the monthly report: the bytes the outbox keeps and SES sends. No
// link to the product: a buyer's contacts have no account in it.

export function bilanSubject(bilan: Bilan, structure: string): string {
  return `Bilan ${bilan.year} des clauses sociales — ${bilan.scope.buyerName ?? bilan.scope.buyerSiret} — ${structure}`;
}

const count = (n: number) => n.toLocaleString('fr-FR');
const fte = (n: number) =>
  n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The key figures, as label and value, in the order both bodies give them. */
function keyFigures(bilan: Bilan): [string, string][] {
  const { hours, people, contracts, outcomes } = bilan;
  return [
    ['Heures d’insertion réalisées', h(hours.realised)],
    ['Heures exigées dans l’année', h(hours.required)],
    ['Taux de réalisation', pct(contracts.realisedRate)],
    ['Équivalents temps plein', fte(hours.fte)],
    ['Personnes en insertion', count(people.count)],
    ['Marchés en cours', count(contracts.running)],
    ['Entreprises titulaires', count(contracts.companies)],
    ['Sorties de parcours', count(outcomes.exits)],
  ];
}

const rowsOf = (rows: readonly HoursRow[]) => rows.filter((r) => r.hours !== 0);

function text(bilan: Bilan, structure: string): string {
  const lines = [
    'Bonjour,',
    '',
    `Voici le bilan ${bilan.year} des clauses sociales d’insertion de vos marchés, établi par ${structure}.`,
    '',
    ...keyFigures(bilan).map(([label, value]) => `${label} : ${value}`),
    '',
    'Par marché (heures exigées dans l’année / réalisées) :',
    ...bilan.contracts.rows.map(
      (c) => `- ${c.reference} — ${c.title} (${c.awardee}) : ${h(c.required)} / ${h(c.realised)}`,
    ),
    '',
    'Par modalité :',
    ...rowsOf(bilan.hours.byMode).map((r) => `- ${r.label} : ${h(r.hours)}`),
    '',
    'Le détail (par mois, type de marché, entreprise, métier, PLIE, public et sortie) est dans le classeur joint.',
  ];
  return lines.join('\n');
}

const cell = 'padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top;';
const num = `${cell}text-align:right;white-space:nowrap;`;
const head = 'padding:6px 8px;border-bottom:2px solid #000091;text-align:left;font-size:12px;';

function html(bilan: Bilan, structure: string): string {
  const subject = bilanSubject(bilan, structure);
  const figures = keyFigures(bilan)
    .map(
      ([label, value]) =>
        `<tr><td style="${cell}">${e(label)}</td><td style="${num}"><strong>${e(value)}</strong></td></tr>`,
    )
    .join('\n');
  const contracts = bilan.contracts.rows
    .map(
      (c) =>
        `<tr><td style="${cell}"><strong>${e(c.reference)}</strong> — ${e(c.title)}<br><span style="color:#666">${e(c.awardee)} · ${e(CONTRACT_KIND_LABELS[c.kind])}</span></td><td style="${num}">${e(h(c.required))}</td><td style="${num}">${e(h(c.realised))}</td></tr>`,
    )
    .join('\n');
  const modes = rowsOf(bilan.hours.byMode)
    .map(
      (r) =>
        `<tr><td style="${cell}">${e(r.label)}</td><td style="${num}">${e(h(r.hours))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:Arial,sans-serif;color:#1e1e1e;max-width:640px">
<p>Bonjour,</p>
<p>Voici le bilan ${bilan.year} des clauses sociales d’insertion de vos marchés, établi par ${e(structure)}.</p>
<h1 style="font-size:20px;color:#000091">${e(bilan.scope.buyerName ?? '')} — ${bilan.year}</h1>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">${figures}</table>
<h2 style="font-size:16px;color:#000091">Par marché</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px">
<tr><th style="${head}">Marché</th><th style="${head}text-align:right">Heures exigées dans l’année</th><th style="${head}text-align:right">Heures réalisées</th></tr>
${contracts}
</table>
${modes ? `<h2 style="font-size:16px;color:#000091">Par modalité</h2>\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px">${modes}</table>` : ''}
<p>Le détail (par mois, type de marché, entreprise, métier, PLIE, public et sortie) est dans le classeur joint.</p>
</body></html>`;
}

/** The message to one of the buyer's contacts. */
export async function composeBilanMessage(input: {
  from: string;
  to: string;
  bilan: Bilan;
  /** The structure's name, which sends the bilan. */
  structure: string;
  at: Date;
}): Promise<Buffer> {
  const { bilan, structure } = input;
  const composer = new MailComposer({
    from: { name: structure, address: input.from },
    to: input.to,
    subject: bilanSubject(bilan, structure),
    date: input.at,
    text: text(bilan, structure),
    html: html(bilan, structure),
    attachments: [
      {
        filename: bilanFileName(bilan, 'xlsx'),
        content: Buffer.from(bilanXlsx(bilan)),
        contentType: XLSX_TYPE,
      },
    ],
    headers: {
      'X-Clause-Tracker-Bilan': `${bilan.year}; ${bilan.scope.buyerSiret}`,
      'Auto-Submitted': 'auto-generated',
    },
  });
  return composer.compile().build();
}
