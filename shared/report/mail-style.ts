// The e-mail's only stylesheet: its layout is inline (Outlook desktop reads nothing else), and
// this block, in the head, reflows it on a phone where the client keeps it (Gmail, Apple Mail,
// the product's page). It must override the inline styles, hence `!important`. No `<` in it: the
// product's page reads it out of the HTML (web/src/pages/report.ts) up to the closing tag.

/** Class of the tables that reflow on a phone: each row a block, each cell a labelled line. */
export const STACK = 'stack';

export const MAIL_STYLE = `@media only screen and (max-width: 480px) {
  .outer { padding: 0 !important; }
  .sheet { padding: 16px 12px !important; }
  .cards td { display: inline-block !important; width: 50% !important; box-sizing: border-box; }
  table.${STACK}, table.${STACK} tbody.rows { display: block !important; width: 100% !important; }
  table.${STACK} tr.head { display: none !important; }
  table.${STACK} tr.line { display: block !important; padding: 6px 0; border-bottom: 1px solid #e5e5e5; }
  table.${STACK} td.cell { display: block !important; padding: 2px 0 !important; border: 0 !important; text-align: left !important; white-space: normal !important; }
  table.${STACK} td.cell::before { content: attr(data-label) " : "; color: #666666; font-size: 12px; font-weight: normal; }
}`;
