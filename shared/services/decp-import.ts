import type { Identity } from '#shared/domain/access';
import { decpParts } from '#shared/imports/decp-apart';
import { type DecpErrorGroup, groupRefusals } from '#shared/imports/decp-errors';
import { type DecpSource, decpBuyerSiret } from '#shared/imports/decp-source';
import { isFrameworkAgreement } from './decp-find';
import { DecpNames } from './decp-names';
import { type DecpPreviewItem, type DecpRecordRun, importDecpRecord } from './decp-record-import';
import { type ImportProgress, type ServiceDeps, writeContext } from './deps';

export interface DecpImportError {
  /** The record's place in the file as sent (0 first, concessions counted). */
  index: number;
  /** Its `id`, when it has one. */
  id?: string;
  message: string;
}

export interface DecpImportResult {
  created: number;
  updated: number;
  skipped: number;
  errors: DecpImportError[];
  /** A dry run's first contracts to be created or updated, for the page to show. */
  preview?: DecpPreviewItem[];
  /** With a buyer filter: the records of other buyers, left aside. */
  filteredOut?: number;
  /** Identifiers repaired or reduced to read a record (a SIRET's lost 0, a VAT number). */
  repairs?: DecpImportError[];
  /** When records were refused: how many for each reason, most frequent first. */
  errorGroups?: DecpErrorGroup[];
  /** Records left as they were, and why: an older version than the one imported (the first 100). */
  notices?: DecpImportError[];
  /** How many records were left so, listed or not. */
  noticeCount?: number;
}

/** Notices kept in the answer (and the job): an older national file would otherwise list all. */
const NOTICES_KEPT = 100;

export interface DecpImportOptions {
  /** Read and count only: nothing is written. */
  dryRun?: boolean;
  /** Only the records of these buyers (SIRETs) are imported; none given, all are. */
  buyerSirets?: readonly string[];
  /** The file's name as the user's browser gave it, kept with each contract's version. */
  fileName?: string | null;
}

export type { DecpPreviewItem } from './decp-record-import';

/** How many contracts a dry run lists: enough to recognise the file, not the whole of it. */
const PREVIEW_ITEMS = 50;

/**
 * Imports a DECP document. A record already imported is updated only where DECP changed it
 * (what users completed stays); a contract entered by hand with the same buyer and reference
 * is left alone. Importing the same file again creates nothing. Two records of one file with
 * the same buyer and reference (lot included) are one record published twice when they say
 * the same thing, and a clash reported on the later one when they do not: never merged.
 */
export async function importDecp(
  deps: ServiceDeps,
  actor: Identity,
  source: DecpSource,
  onProgress?: ImportProgress,
  options: DecpImportOptions = {},
): Promise<DecpImportResult> {
  // A metropolis takes its own contracts out of a national file: the others are only counted.
  const buyers = options.buyerSirets?.length ? new Set(options.buyerSirets) : null;
  const result: DecpImportResult = {
    created: 0,
    updated: 0,
    skipped: source.concessions,
    ...(buyers ? { filteredOut: 0 } : {}),
    errors: [],
    ...(options.dryRun ? { preview: [] } : {}),
  };
  // A dry run reads what is there and counts what the import would do; it writes nothing.
  const foresee = (item: DecpPreviewItem) => {
    if (result.preview && result.preview.length < PREVIEW_ITEMS) result.preview.push(item);
  };
  const run: DecpRecordRun = {
    deps,
    context: writeContext(deps, actor),
    actorSub: actor.sub,
    dryRun: options.dryRun === true,
    seen: new Map(),
    foreseen: new Set(),
    names: new DecpNames(deps),
    fileName: options.fileName?.trim().slice(0, 200) || null,
    // Said of the record being imported, the one `published` names.
    onRepair: (index, message) => {
      result.repairs ??= [];
      result.repairs.push({ index, ...published, message });
    },
  };
  let published: { id?: string } = {};
  const { total } = source;
  let position = 0;
  for await (const { index, raw } of source.entries()) {
    if (onProgress && position % 100 === 0) await onProgress(position, total);
    position += 1;
    if (buyers && !buyers.has(decpBuyerSiret(raw) ?? '')) {
      result.filteredOut = (result.filteredOut ?? 0) + 1;
      continue;
    }
    const id = publishedId(raw);
    published = id ? { id } : {};
    // Separate awardees of one record (« Pas de groupement ») are each a contract.
    const parts = decpParts(raw, isFrameworkAgreement(raw));
    for (const repair of parts[0]?.repairs ?? []) run.onRepair?.(index, repair);
    for (const part of parts) {
      const outcome = await importDecpRecord(run, index, part.raw, part.apart);
      if (outcome.kind === 'error') {
        result.errors.push({ index, ...published, message: outcome.message });
      } else if (outcome.kind === 'skipped') {
        result.skipped += 1;
        if (outcome.notice) {
          if (!result.notices) result.notices = [];
          result.noticeCount = (result.noticeCount ?? 0) + 1;
          if (result.notices.length < NOTICES_KEPT)
            result.notices.push({ index, ...published, message: outcome.notice });
        }
      } else {
        if (outcome.preview) foresee(outcome.preview);
        result[outcome.kind] += 1;
      }
    }
  }
  if (onProgress) await onProgress(total, total);
  if (result.errors.length) result.errorGroups = groupRefusals(result.errors);
  return result;
}

function publishedId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : undefined;
}
