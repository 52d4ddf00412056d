// A browsable reference rendered on the server from the OpenAPI document: no script and no
// third-party assets, so it passes the same Content-Security-Policy as the product's pages.

type Json = Record<string, unknown>;

const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function schemaBlock(schema: unknown): string {
  if (!schema) return '';
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

export function renderDocs(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const tag = ((op.tags as string[] | undefined) ?? ['Autres'])[0] as string;
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'oui' : 'non'}</td><td>${escapeHtml((p.schema as Json | undefined)?.description ?? p.description ?? '')}</td></tr>`,
        )
        .join('');
      const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.[
        'application/json'
      ] as Json | undefined;
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .map(
          ([status, r]) =>
            `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r.description)}</li>`,
        )
        .join('');
      const html = `<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
${params ? `<table><tr><th>paramètre</th><th>où</th><th>requis</th><th>description</th></tr>${params}</table>` : ''}
${body ? `<details><summary>Corps JSON</summary>${schemaBlock(body.schema)}</details>` : ''}
<ul>${responses}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join('\n')}`)
    .join('\n');
  const schemas = Object.entries(components)
    .map(
      ([name, schema]) =>
        `<details id="schema-${escapeHtml(name)}"><summary>${escapeHtml(name)}</summary>${schemaBlock(schema)}</details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} — référence de l’API</title>
<link rel="stylesheet" href="/docs.css">
</head><body><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p><p>Document OpenAPI : <a href="/openapi.json">/openapi.json</a>. Erreurs : <code>application/problem+json</code> (RFC 9457).</p>
${sections}<h2>Schémas</h2>${schemas}</body></html>`;
}

/** The reference's stylesheet, served apart: the CSP allows no inline style. */
export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h2{border-bottom:2px solid #000091;padding-bottom:.2rem;margin-top:2.5rem}section{margin:1.2rem 0;padding:.6rem 1rem;background:#f6f6f6;border-radius:6px}
.m{display:inline-block;min-width:3.5rem;font-size:.8rem;background:#000091;color:#fff;padding:.1rem .4rem;border-radius:4px;text-align:center}
pre{overflow:auto;background:#fff;padding:.5rem;font-size:.8rem}table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}`;
