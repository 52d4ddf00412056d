import { normaliseSiret } from '#shared/domain/identifiers';
import { type DecpEntry, decpEnvelope } from './decp';
import { scanDecpRecords, UNRECOGNISED_ENVELOPE } from './decp-stream';

// Where an import's DECP records come from: a document the API has already read (a small file,
// within its request), or an upload read as a stream (a job: up to a national yearly file).

export interface DecpSource {
  /** The records to import, concessions aside: the progress's total. */
  total: number;
  /** The concessions the file holds: skipped, they carry no insertion hours. */
  concessions: number;
  /** The records (concessions aside), in the file's order; may be read again. */
  entries(): AsyncIterable<DecpEntry>;
}

/** A concession, by the very rule a parsed document's envelope sets them aside with. */
const isConcession = (raw: unknown) => decpEnvelope([raw])?.concessions === 1;

/** The records of a parsed document, whichever of the three envelopes it comes in. */
export function decpDocumentSource(document: unknown): DecpSource {
  const envelope = decpEnvelope(document);
  if (!envelope) throw UNRECOGNISED_ENVELOPE();
  return {
    total: envelope.records.length,
    concessions: envelope.concessions,
    async *entries() {
      yield* envelope.records;
    },
  };
}

/**
 * An uploaded file, streamed twice: once whole, to check it is a DECP document and count its
 * records before anything is written (a file cut off half-way is refused, not half imported),
 * then record by record for the import. Neither pass holds more than a record at a time.
 */
export async function decpUploadSource(open: () => AsyncIterable<Uint8Array>): Promise<DecpSource> {
  const tally = { concessionList: 0 };
  let total = 0;
  let concessions = 0;
  for await (const { raw } of scanDecpRecords(open(), tally)) {
    if (isConcession(raw)) concessions += 1;
    else total += 1;
  }
  return {
    total,
    concessions: concessions + tally.concessionList,
    async *entries() {
      for await (const entry of scanDecpRecords(open())) {
        if (!isConcession(entry.raw)) yield entry;
      }
    },
  };
}

/**
 * The buyer's SIRET a record names, as the import reads it (spaces removed), for a buyer
 * filter to look at before reading the rest; null when it names none.
 */
export function decpBuyerSiret(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const buyer = (raw as { acheteur?: unknown }).acheteur;
  if (typeof buyer !== 'object' || buyer === null) return null;
  const id = (buyer as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? normaliseSiret(String(id)) : null;
}
