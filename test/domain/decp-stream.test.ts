import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decpEnvelope } from '#shared/imports/decp';
import { decpDocumentSource, decpUploadSource } from '#shared/imports/decp-source';
import { MAX_RECORD_BYTES, scanDecpRecords } from '#shared/imports/decp-stream';
import { REAL_DECP_RECORD } from '../fixtures/decp/records';

// The streaming reader against JSON.parse: the same records, whatever the chunks' sizes, for the
// three envelopes and the official and published files; broken files refused in words.

const encoder = new TextEncoder();
const fixtureBytes = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/decp/${name}`, import.meta.url)));

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/** The chunks at the given cut points: a boundary exactly where a test wants it. */
async function* cutAt(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(from, cut);
    from = cut;
  }
}

async function scanned(chunks: AsyncIterable<Uint8Array>) {
  const tally = { concessionList: 0 };
  const records = [];
  for await (const record of scanDecpRecords(chunks, tally)) records.push(record);
  return { records, concessionList: tally.concessionList };
}

async function sourceRead(bytes: Uint8Array, size: number) {
  const source = await decpUploadSource(() => chunked(bytes, size));
  const entries = [];
  for await (const entry of source.entries()) entries.push(entry);
  return { total: source.total, concessions: source.concessions, entries };
}

const refusal = async (text: string | Uint8Array, size = 7) => {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  try {
    await scanned(chunked(bytes, size));
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('streamed DECP records', () => {
  it('yields what JSON.parse reads, for the three envelopes, at every chunk size', async () => {
    for (const name of [
      'published-records.json',
      'marches_concessions.json',
      'marches_avec_modifications.json',
    ]) {
      const bytes = fixtureBytes(name);
      const envelope = decpEnvelope(JSON.parse(new TextDecoder().decode(bytes)));
      if (!envelope) throw new Error(`${name}: not an envelope`);
      // Size 1: a chunk boundary after every single byte, in every string, number and key.
      for (const size of [1, 2, 3, 5, 64, 4096, bytes.length]) {
        const read = await sourceRead(bytes, size);
        expect(read.entries, `${name} in chunks of ${size}`).toEqual(envelope.records);
        expect(read.total).toBe(envelope.records.length);
        expect(read.concessions).toBe(envelope.concessions);
      }
    }
    const array = encoder.encode(
      JSON.stringify([REAL_DECP_RECORD, { ...REAL_DECP_RECORD, id: 2 }]),
    );
    expect((await sourceRead(array, 3)).entries).toEqual(
      decpEnvelope([REAL_DECP_RECORD, { ...REAL_DECP_RECORD, id: 2 }])?.records,
    );
  });

  it('reads strings with escapes, brackets and unicode, numbers and nesting, cut anywhere', async () => {
    const tricky = {
      id: 'A"]},[{\\',
      objet: 'Réfection — lot « 2 » : 💶 \u00e9\t\n',
      montant: -1.5e3,
      dureeMois: 0.25,
      nested: { a: [[], {}, [1, [2, { b: null }]], true, false], '{"': '"}' },
      titulaires: [{ titulaire: { id: '1 2 3' } }],
    };
    const text = `\uFEFF { "version" : "2.0", "marches" : { "meta": {"x": [1, {"marche": []}]}, "marche" : [ ${JSON.stringify(tricky)} , 42 , "texte", null, ${JSON.stringify(REAL_DECP_RECORD)} ] , "contrat-concession": [ {"id": "C", "a": [1, 2]}, {} ] } }`;
    const bytes = encoder.encode(text);
    const expected = [
      { index: 0, raw: tricky },
      { index: 1, raw: 42 },
      { index: 2, raw: 'texte' },
      { index: 3, raw: null },
      { index: 4, raw: REAL_DECP_RECORD },
    ];
    // Every single cut point, the multi-byte characters (é, «, 💶) included.
    for (let cut = 1; cut < bytes.length; cut++) {
      const read = await scanned(cutAt(bytes, [cut]));
      expect(read.records, `cut at byte ${cut}`).toEqual(expected);
      expect(read.concessionList).toBe(2);
    }
    // Two cuts a few bytes apart: a token spread over three chunks.
    for (let cut = 1; cut + 3 < bytes.length; cut += 5) {
      expect((await scanned(cutAt(bytes, [cut, cut + 3]))).records).toEqual(expected);
    }
  });

  it('reads a single contract held as an object, an empty file and a consolidated array', async () => {
    const single = encoder.encode(
      JSON.stringify({ marches: { marche: REAL_DECP_RECORD, 'contrat-concession': [] } }),
    );
    expect((await scanned(chunked(single, 4))).records).toEqual([
      { index: 0, raw: REAL_DECP_RECORD },
    ]);
    expect((await scanned(chunked(encoder.encode('{"marches": {}}'), 2))).records).toEqual([]);
    expect((await scanned(chunked(encoder.encode(' [ ] '), 1))).records).toEqual([]);
    const concession = { _type: 'Contrat de concession', id: 'C-1', autoriteConcedante: {} };
    const consolidated = encoder.encode(
      JSON.stringify({ marches: [concession, REAL_DECP_RECORD] }),
    );
    const read = await sourceRead(consolidated, 9);
    expect(read).toMatchObject({ total: 1, concessions: 1 });
    expect(read.entries).toEqual([{ index: 1, raw: REAL_DECP_RECORD }]);
  });

  it('refuses, in words, what is not JSON or not a DECP envelope', async () => {
    expect(await refusal('{"contracts": []}')).toContain('Document DECP non reconnu');
    expect(await refusal('{"marches": 12}')).toContain('Document DECP non reconnu');
    expect(await refusal('"marches"')).toContain('Document DECP non reconnu');
    // Cut off: the records read so far are not enough.
    const cut = JSON.stringify({ marches: [REAL_DECP_RECORD, REAL_DECP_RECORD] }).slice(0, -30);
    expect(await refusal(cut)).toContain('s’arrête avant la fin');
    expect(await refusal('[{"id": 1,}]')).toContain('enregistrement n° 1');
    expect(await refusal('[{"id": 1}, {"id": 2] ]')).toContain('enregistrement n° 2');
    expect(await refusal('[{"id": 1},]')).toContain('enregistrement n° 2');
    expect(await refusal('{"marches" []}')).toContain('« : » attendu');
    expect(await refusal('[{"id": 1}] [')).toContain('après la fin');
    expect(await refusal('{"marches": []]')).toContain('inattendu');
    // An unclosed string would swallow the file: refused once a record passes the limit.
    const unclosed = encoder.encode(`[{"id": "${'x'.repeat(MAX_RECORD_BYTES)}`);
    expect(await refusal(unclosed, 65_536)).toContain('dépasse');
  });

  it('reads a parsed document as the same source', async () => {
    const source = decpDocumentSource({ marches: [REAL_DECP_RECORD] });
    const entries = [];
    for await (const entry of source.entries()) entries.push(entry);
    expect(entries).toEqual([{ index: 0, raw: REAL_DECP_RECORD }]);
    expect(() => decpDocumentSource({ contracts: [] })).toThrow('Document DECP non reconnu');
  });
});
