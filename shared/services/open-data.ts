import { createHash } from 'node:crypto';
import { actorName, type Identity } from '#shared/domain/access';
import { parisDate, yearOf } from '#shared/domain/calendar';
import { type OpenDataRow, openDataTable } from '#shared/domain/open-data';
import { BusinessRuleError, NotFoundError } from '#shared/errors';
import { openDataCsv, openDataFiles, openDataSchema } from '#shared/report/open-data-files';
import type { PublishedOpenData } from '#shared/store/open-data';
import { yearlyBilan } from './bilans';
import { type ServiceDeps, writeContext } from './deps';
import { ownTenant } from './tenants';

// A structure's open data of a year (domain/open-data.ts): previewed by its administrator,
// published as an explicit act — a frozen copy of the files, served at a public address with
// no token (open-data-public.ts) — and retractable; both acts in the change log.

/** Where a structure's published files are, on the product's own address. */
export const openDataPaths = (tenant: string, year?: number) => {
  const base = `/open-data/${tenant}`;
  return {
    index: `${base}/datapackage.json`,
    ...(year === undefined
      ? {}
      : {
          csv: `${base}/${openDataFiles(year).csv}`,
          schema: `${base}/${openDataFiles(year).schema}`,
        }),
  };
};

export interface PublishedSummary {
  year: number;
  publishedAt: string;
  publishedBy: string;
  rows: number;
  sha256: string;
  csv: string;
  schema: string;
}

const summaryOf = (tenant: string, published: PublishedOpenData): PublishedSummary => {
  const paths = openDataPaths(tenant, published.year);
  return {
    year: published.year,
    publishedAt: published.publishedAt,
    publishedBy: published.publishedBy,
    rows: published.rows,
    sha256: published.sha256,
    csv: paths.csv as string,
    schema: paths.schema as string,
  };
};

/** A year is published once it has ended, in Paris: its figures no longer grow. */
function finished(deps: ServiceDeps, year: number): boolean {
  return year < yearOf(parisDate(deps.now()));
}

/** The files a year would publish now, from the structure's bilan. */
async function filesOf(deps: ServiceDeps, year: number) {
  const [bilan, tenant] = await Promise.all([
    yearlyBilan(deps, year, { buyerSiret: null, plieId: null }),
    ownTenant(deps),
  ]);
  const table = openDataTable(bilan, tenant.name);
  const csv = openDataCsv(table);
  return {
    table,
    csv,
    schema: `${JSON.stringify(openDataSchema(table), null, 2)}\n`,
    sha256: createHash('sha256').update(csv).digest('hex'),
  };
}

export interface OpenDataPreview {
  year: number;
  structure: string;
  /** The year has ended: it may be published. */
  finished: boolean;
  rows: OpenDataRow[];
  published: PublishedSummary | null;
  /** The published copy holds the figures of today (false: publishing again would change it). */
  upToDate: boolean;
}

export async function openDataPreview(deps: ServiceDeps, year: number): Promise<OpenDataPreview> {
  const [files, published] = await Promise.all([
    filesOf(deps, year),
    deps.stores.openData.get(year),
  ]);
  return {
    year,
    structure: files.table.structure,
    finished: finished(deps, year),
    rows: files.table.rows,
    published: published ? summaryOf(deps.stores.tenant, published) : null,
    upToDate: published?.sha256 === files.sha256,
  };
}

export async function publishedOpenData(
  deps: ServiceDeps,
): Promise<{ index: string; items: PublishedSummary[] }> {
  const tenant = deps.stores.tenant;
  const items = (await deps.stores.openData.list())
    .sort((a, b) => b.year - a.year)
    .map((p) => summaryOf(tenant, p));
  return { index: openDataPaths(tenant).index, items };
}

/** Publishes the year's figures as they are now (again: they replace the copy published). */
export async function publishOpenData(
  deps: ServiceDeps,
  actor: Identity,
  year: number,
): Promise<PublishedSummary> {
  if (!finished(deps, year)) {
    throw new BusinessRuleError(
      `L’année ${year} n’est pas terminée : ses chiffres se publient à partir du 1er janvier ${year + 1}.`,
    );
  }
  const files = await filesOf(deps, year);
  const published: PublishedOpenData = {
    year,
    csv: files.csv,
    schema: files.schema,
    sha256: files.sha256,
    rows: files.table.rows.length,
    publishedAt: deps.now().toISOString(),
    publishedBy: actorName(actor),
  };
  await deps.stores.openData.publish(published, writeContext(deps, actor));
  return summaryOf(deps.stores.tenant, published);
}

export async function retractOpenData(
  deps: ServiceDeps,
  actor: Identity,
  year: number,
): Promise<void> {
  if (!(await deps.stores.openData.retract(year, writeContext(deps, actor)))) {
    throw new NotFoundError(`L’année ${year} n’est pas publiée.`);
  }
}
