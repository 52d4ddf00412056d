import { InvalidInputError } from '#shared/errors';
import { decodeText } from './text';

// A DECP file read as it arrives, one record at a time: a national yearly file (hundreds of MB)
// is never held whole. The scanner walks the bytes of the envelope only (`{"marches":
// {"marche": [...]}}`, `{"marches": [...]}` or a bare array), cuts out each record's bytes and
// hands them to JSON.parse, which reads strings, escapes and numbers natively. Bytes, not
// text: the structural characters are ASCII and never occur inside a multi-byte UTF-8
// character, so a chunk may end anywhere, even in the middle of an "é".
// A streaming JSON library (@streamparser/json) was considered: its path selectors cannot say
// "the records, whichever the envelope" without building the enclosing array, and it parses
// every value in JavaScript where JSON.parse is native.

/** One record cut out of the file: its place (0 first, concessions counted) and its value. */
export interface ScannedRecord {
  index: number;
  raw: unknown;
}

/** A record bigger than this means a broken file (an unclosed string), not a contract. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

type Role = 'root' | 'marches' | 'records' | 'concessions';
interface Frame {
  type: 'object' | 'array';
  role: Role;
  /** Elements seen so far (an array), for the records' indexes. */
  count: number;
}

// Bytes of the JSON structure.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
const isOpening = (byte: number) => byte === OPEN_OBJECT || byte === OPEN_ARRAY;
const isClosing = (byte: number) => byte === CLOSE_OBJECT || byte === CLOSE_ARRAY;

const unreadable = (why: string) =>
  new InvalidInputError(`Le fichier DECP n’est pas un JSON lisible : ${why}.`, [
    { path: 'body', message: 'JSON illisible' },
  ]);

export const UNRECOGNISED_ENVELOPE = () =>
  new InvalidInputError(
    'Document DECP non reconnu : attendu {"marches": {"marche": [...]}}, {"marches": [...]} ou un tableau de marchés.',
    [{ path: 'body', message: 'enveloppe DECP non reconnue' }],
  );

/**
 * The records of a DECP file, in order, from its bytes in chunks of any size. Concessions are
 * yielded too (the caller sets them aside, as for a parsed document); those of a
 * `contrat-concession` list are only counted, in `tally.concessionList`. Throws when the file is
 * not JSON, or not a DECP envelope (once it has been read to its end).
 */
export async function* scanDecpRecords(
  chunks: AsyncIterable<Uint8Array>,
  tally: { concessionList: number } = { concessionList: 0 },
): AsyncGenerator<ScannedRecord> {
  const stack: Frame[] = [];
  let recognised = false;
  let finished = false;
  /** What the envelope expects next. */
  let expect: 'value' | 'key' | 'colon' | 'after' = 'value';
  let key = '';
  let keyBytes: number[] | null = null;
  let keyEscape = false;
  // A value being cut out (a record, kept) or passed over (anything else, not kept).
  let capturing = false;
  let keep = false;
  let captureIndex = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: Uint8Array[] = [];
  let captured = 0;
  let offset = 0;
  let ready: ScannedRecord[] = [];

  const startCapture = (kept: boolean, index: number) => {
    capturing = true;
    keep = kept;
    captureIndex = index;
    depth = 0;
    inString = false;
    escaped = false;
    pieces = [];
    captured = 0;
  };
  const endCapture = () => {
    capturing = false;
    expect = 'after';
    if (!keep) return;
    const bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : concat(pieces, captured);
    pieces = [];
    let raw: unknown;
    try {
      raw = JSON.parse(decodeText(bytes));
    } catch {
      throw unreadable(`enregistrement n° ${captureIndex + 1} (vers l’octet ${offset})`);
    }
    ready.push({ index: captureIndex, raw });
  };

  /** A value begins in the envelope: what it is depends on where it stands. */
  const beginValue = (byte: number) => {
    const top = stack.at(-1);
    if (!top) {
      if (byte === OPEN_ARRAY) push('array', 'records');
      else if (byte === OPEN_OBJECT) push('object', 'root');
      else throw UNRECOGNISED_ENVELOPE();
      return true;
    }
    if (top.role === 'records') {
      startCapture(true, top.count++);
      return false;
    }
    if (top.role === 'concessions') {
      top.count++;
      tally.concessionList++;
      startCapture(false, 0);
      return false;
    }
    if (top.role === 'root' && key === 'marches' && isOpening(byte)) {
      push(byte === OPEN_ARRAY ? 'array' : 'object', byte === OPEN_ARRAY ? 'records' : 'marches');
      return true;
    }
    if (top.role === 'marches' && key === 'marche') {
      if (byte === OPEN_ARRAY) push('array', 'records');
      // A file converted from XML with a single contract holds it as an object, not a list.
      else startCapture(true, 0);
      return byte === OPEN_ARRAY;
    }
    if (top.role === 'marches' && key === 'contrat-concession' && byte === OPEN_ARRAY) {
      push('array', 'concessions');
      return true;
    }
    startCapture(false, 0);
    return false;
  };
  const push = (type: Frame['type'], role: Role) => {
    if (role === 'records' || role === 'marches') recognised = true;
    stack.push({ type, role, count: 0 });
    expect = type === 'object' ? 'key' : 'value';
  };

  const scan = (chunk: Uint8Array) => {
    let start = capturing ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (capturing) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (isOpening(byte)) depth++;
        else if (depth > 0 && isClosing(byte)) depth--;
        else if (depth === 0 && (byte === COMMA || isClosing(byte))) {
          if (keep) take(chunk.subarray(start, i));
          endCapture();
          start = -1;
          // The comma or bracket is the envelope's: read again below.
        } else continue;
        if (capturing) continue;
      }
      if (keyBytes) {
        if (keyEscape) keyEscape = false;
        else if (byte === BACKSLASH) keyEscape = true;
        else if (byte === QUOTE) {
          key = keyOf(keyBytes, offset + i);
          keyBytes = null;
          expect = 'colon';
          continue;
        }
        if (keyBytes.length < 100) keyBytes.push(byte);
        continue;
      }
      if (isSpace(byte) || (offset + i < 3 && BYTE_ORDER_MARK.includes(byte))) continue;
      if (finished) throw unreadable(`contenu après la fin du document (octet ${offset + i})`);
      const top = stack.at(-1);
      if (expect === 'value') {
        if (top?.type === 'array' && byte === CLOSE_ARRAY && top.count === 0) {
          close(top, byte, offset + i);
        } else if (!beginValue(byte)) {
          // A value cut out or passed over: this byte, read again, is its first.
          start = i;
          i--;
        }
      } else if (expect === 'key') {
        if (byte === QUOTE) keyBytes = [];
        else if (byte === CLOSE_OBJECT && top?.type === 'object') close(top, byte, offset + i);
        else throw unreadable(`nom de champ attendu (octet ${offset + i})`);
      } else if (expect === 'colon') {
        if (byte !== COLON) throw unreadable(`« : » attendu (octet ${offset + i})`);
        expect = 'value';
      } else if (byte === COMMA && top) {
        expect = top.type === 'object' ? 'key' : 'value';
      } else if (top && isClosing(byte)) close(top, byte, offset + i);
      else throw unreadable(`« , » attendu (octet ${offset + i})`);
    }
    if (capturing && keep && start >= 0) take(chunk.subarray(start));
    offset += chunk.length;
  };
  const take = (piece: Uint8Array) => {
    captured += piece.length;
    if (captured > MAX_RECORD_BYTES) {
      throw unreadable(
        `l’enregistrement n° ${captureIndex + 1} dépasse ${MAX_RECORD_BYTES / 1024 / 1024} Mo (guillemet ou accolade non fermé ?)`,
      );
    }
    // Copied: the stream may reuse its buffer for the next chunk.
    pieces.push(piece.slice());
  };
  const close = (top: Frame, byte: number, at: number) => {
    if ((byte === CLOSE_ARRAY) !== (top.type === 'array')) {
      throw unreadable(`« ${String.fromCharCode(byte)} » inattendu (octet ${at})`);
    }
    stack.pop();
    expect = 'after';
    if (stack.length === 0) finished = true;
  };

  for await (const chunk of chunks) {
    scan(chunk);
    const records = ready;
    ready = [];
    yield* records;
  }
  if (capturing || !finished) throw unreadable('le fichier s’arrête avant la fin du document');
  if (!recognised) throw UNRECOGNISED_ENVELOPE();
}

/** A field name of the envelope (only ASCII ones matter: `marches`, `marche`…). */
function keyOf(bytes: number[], at: number): string {
  try {
    return JSON.parse(`"${String.fromCharCode(...bytes)}"`);
  } catch {
    throw unreadable(`nom de champ illisible (octet ${at})`);
  }
}

function concat(pieces: Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}
