import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideKey, EQUAL_WEIGHTS } from '#shared/domain/allocation';
import { HOUR_MODES, type HourLine } from '#shared/domain/hours';
import { OUTCOMES } from '#shared/domain/outcomes';
import { batchPut } from '#shared/store/bulk';
import { type ContractRecord, contractItem } from '#shared/store/contract-item';
import { lineItem } from '#shared/store/hour-line-item';
import { platformKeys, tenantKeys } from '#shared/store/keys';
import { plieContractItem, plieContractKeys } from '#shared/store/plie-contracts';
import { type TotalDelta, totalDeltas, totalItem } from '#shared/store/totals';

// The national profile as ~300 structures: the country's totals of bench/report-scale.ts
// (20,000 contracts, 1,000,000 hour lines a year, 10,000 participants, 1,000 users) spread
// over structures of unequal sizes, as facilitators are: a Zipf-like law (the i-th largest
// weighs 1 / (i + 5)) gives a few metropolises of 400 to 950 contracts, some thirty towns and
// départements of 100 to 400, and some 210 small structures under 50. Each structure's lines,
// totals and indexes are written through the store's batch path, structure by structure.

export const STRUCTURES = 300;
export const COUNTRY = { contracts: 20_000, lines: 1_000_000, participants: 10_000, users: 1_000 };
export const YEAR = 2025;
export const MONTH = '2025-10';
const LINES_PER_CONTRACT = COUNTRY.lines / COUNTRY.contracts;

export interface StructureProfile {
  id: string;
  rank: number;
  contracts: number;
  lines: number;
  participants: number;
  users: number;
  /** PLIE records: one, up to six for a metropolis (a PLIE working with several structures is recorded in each). */
  plies: string[];
}

/** `total` split by `weights`, each part rounded, the remainders to the largest fractions. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

/** The 300 structures, largest first. `scale` < 1 shrinks every count (a quick trial run). */
export function structureProfiles(scale = 1): StructureProfile[] {
  const weights = Array.from({ length: STRUCTURES }, (_, i) => 1 / (i + 5));
  const contracts = apportion(Math.round(COUNTRY.contracts * scale), weights).map((c) =>
    Math.max(1, c),
  );
  const participants = apportion(Math.round(COUNTRY.participants * scale), weights);
  // Every structure has a user at least; the rest of the 1,000 by size.
  const users = apportion(COUNTRY.users - STRUCTURES, weights).map((u) => u + 1);
  return contracts.map((count, i) => {
    const id = `s-${String(i + 1).padStart(3, '0')}`;
    const plies = Math.min(6, Math.max(1, Math.round(count / 150)));
    return {
      id,
      rank: i + 1,
      contracts: count,
      lines: count * LINES_PER_CONTRACT,
      participants: Math.max(1, participants[i] as number),
      users: users[i] as number,
      plies: Array.from({ length: plies }, (_, p) => `plie-${p + 1}`),
    };
  });
}

const contractId = (s: StructureProfile, c: number) =>
  `C${s.id.slice(2)}${String(c).padStart(22, '0')}`;

/** A structure's key for its shared contracts, decided as a new shared contract's is. */
function keyOf(s: StructureProfile) {
  return s.plies.length > 1
    ? decideKey({
        year: YEAR - 1,
        plies: s.plies.map((id) => ({ id })),
        criteria: s.plies.map((plieId, p) => ({
          plieId,
          criteria: {
            population: 50_000 + p * 10_000,
            socialHousingRate: 0.15,
            qpvResidents: 2000 + p * 500,
            qpvShare: 0.1,
            unemploymentRate: 0.08,
          },
        })),
        weights: null,
        at: `${YEAR - 1}-01-01T00:00:00.000Z`,
        by: 'bench',
      })
    : null;
}

/** Contract c of a structure: one in ten shared between its PLIEs when it has several. */
function contractOf(s: StructureProfile, c: number, key: ReturnType<typeof keyOf>): ContractRecord {
  const shared = key !== null && c % 10 === 0;
  return {
    id: contractId(s, c),
    reference: `${s.id}-${c}`,
    title: `Marché n° ${c} de ${s.id}`,
    buyer: { name: `Acheteur ${c % 20}`, siret: `2${String(c % 20).padStart(13, '0')}` },
    awardee: { name: `Titulaire ${c}`, siret: `4${String(c).padStart(13, '0')}` },
    kind: c % 3 === 0 ? 'works' : 'services',
    amountCents: 50_000_000 + (c % 97) * 1_000_000,
    notifiedOn: `${YEAR - 1}-${String((c % 12) + 1).padStart(2, '0')}-15`,
    startsOn: `${YEAR}-01-01`,
    endsOn: `${YEAR + 1}-06-30`,
    targetHours: 500 + (c % 50) * 20,
    insertionInputs: null,
    allocation: shared
      ? { mode: 'shared' }
      : { mode: 'single', plieId: s.plies[c % s.plies.length] as string },
    socialConsiderations: c % 40 === 0 ? ['reserved'] : ['social-clause'],
    reserved: c % 40 === 0 ? { basis: 'L2113-13', awardeeType: 'EI' } : null,
    defenceOrSecurity: false,
    amendments: [],
    allocationKey: shared ? key : null,
    territoryPlieIds: null,
    hoursLogged: 0,
    lineCount: 0,
    createdAt: `${YEAR - 1}-01-01T00:00:00.000Z`,
    createdBy: 'bench',
    source: 'api',
  };
}

/**
 * Line j of a structure: contract j mod its contracts, months spread so that every PLIE has
 * hours every month; a shared contract's rounds go to its PLIEs in turn; every other line
 * names one of the structure's participants.
 */
function lineOf(s: StructureProfile, contracts: ContractRecord[], j: number): HourLine {
  const c = j % s.contracts;
  const round = Math.floor(j / s.contracts);
  const contract = contracts[c] as ContractRecord;
  const plieId =
    contract.allocation?.mode === 'single'
      ? contract.allocation.plieId
      : (s.plies[round % s.plies.length] as string);
  return {
    id: `L${s.id.slice(2)}${String(j).padStart(22, '0')}`,
    contractId: contract.id,
    plieId,
    participantId: j % 2 === 0 ? `P${(j / 2) % s.participants}` : null,
    month: `${YEAR}-${String(((c + round) % 12) + 1).padStart(2, '0')}`,
    hours: ((j % 120) + 1) / 4,
    mode: HOUR_MODES[j % HOUR_MODES.length] as HourLine['mode'],
    status: 'active',
    createdAt: `${YEAR}-11-01T00:00:00.000Z`,
    createdBy: 'bench',
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
    source: 'statement',
    statementId: null,
    statementLine: null,
  };
}

/** A structure's register entry, PLIEs, participants, contracts and their indexes. */
function* referenceItems(s: StructureProfile, contracts: ContractRecord[]) {
  const keys = tenantKeys(s.id);
  yield {
    ...platformKeys.tenant(s.id),
    _type: 'tenant',
    id: s.id,
    name: `Structure n° ${s.rank}`,
    createdAt: `${YEAR - 1}-01-01T00:00:00.000Z`,
    createdBy: 'bench',
  };
  for (const id of s.plies) {
    yield {
      ...keys.plie(id),
      _type: 'plie',
      id,
      name: `PLIE ${id} de ${s.id}`,
      communes: [],
      coordinatorEmails: [`coordination@${id}.${s.id}.example`],
    };
  }
  yield { ...keys.weights(YEAR), _type: 'weights', year: YEAR, weights: EQUAL_WEIGHTS };
  yield {
    ...keys.fundingConvention(YEAR),
    _type: 'funding-convention',
    year: YEAR,
    fixedPerPlieCents: 5_000_00,
    perHourCents: 1_00,
  };
  // A third of the participants left during the year.
  for (let i = 0; i < s.participants; i++) {
    const plie = s.plies[i % s.plies.length] as string;
    const exited = i % 3 === 0;
    const exitedOn = `${YEAR}-${String((i % 10) + 1).padStart(2, '0')}-20`;
    yield {
      ...keys.participant(`P${i}`),
      gsi1pk: keys.participantsIndex,
      gsi1sk: keys.participantIndexSort(plie, `R${i}`),
      ...(exited
        ? { gsi2pk: keys.exitsIndex(YEAR), gsi2sk: keys.exitIndexSort(plie, exitedOn, `P${i}`) }
        : {}),
      _type: 'participant',
      id: `P${i}`,
      plieId: plie,
      ref: `R${i}`,
      eligibility: ['DELD'],
      enteredOn: `${YEAR - 1}-03-01`,
      exitedOn: exited ? exitedOn : null,
      outcome: exited ? OUTCOMES[i % OUTCOMES.length] : null,
      createdAt: `${YEAR - 1}-03-01T00:00:00.000Z`,
      createdBy: 'bench',
    };
  }
  for (const contract of contracts)
    for (const key of plieContractKeys(keys, contract)) yield plieContractItem(key, contract.id);
}

/** Writes one structure whole: reference data, lines, and every total over its lines. */
export async function seedStructure(
  doc: DynamoDBDocumentClient,
  table: string,
  s: StructureProfile,
): Promise<number> {
  const keys = tenantKeys(s.id);
  const key = keyOf(s);
  const contracts = Array.from({ length: s.contracts }, (_, c) => contractOf(s, c, key));
  const totals = new Map<string, TotalDelta>();
  function* lines() {
    for (let j = 0; j < s.lines; j++) {
      const line = lineOf(s, contracts, j);
      for (const [key, delta] of totalDeltas(keys, [line], 1)) {
        const sum = totals.get(key);
        if (!sum) totals.set(key, { ...delta, parts: new Map(delta.parts) });
        else {
          sum.hours += delta.hours;
          sum.lines += delta.lines;
          for (const [part, hours] of delta.parts)
            sum.parts.set(part, (sum.parts.get(part) ?? 0) + hours);
        }
      }
      yield lineItem(keys, line);
    }
  }
  let written = await batchPut(doc, table, referenceItems(s, contracts), 12);
  written += await batchPut(doc, table, lines(), 12);
  const contractTotals = new Map<string, TotalDelta>();
  function* totalItems() {
    for (const delta of totals.values()) {
      if (delta.type === 'contract') contractTotals.set(delta.key.pk, delta);
      else yield totalItem(delta);
    }
    for (const contract of contracts) {
      const sum = contractTotals.get(keys.contract(contract.id).pk);
      yield contractItem(keys, {
        ...contract,
        hoursLogged: sum?.hours ?? 0,
        lineCount: sum?.lines ?? 0,
      });
    }
  }
  written += await batchPut(doc, table, totalItems(), 12);
  return written;
}
