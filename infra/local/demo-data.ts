import type { Identity } from '../../shared/domain/access';
import type { EligibilityCode } from '../../shared/domain/eligibility';
import { HOUR_MODES } from '../../shared/domain/hours';
import type { Outcome } from '../../shared/domain/outcomes';
import { ContractCreate, type ContractCreateInput } from '../../shared/schemas/contracts';
import { createContract } from '../../shared/services/contracts';
import type { ServiceDeps } from '../../shared/services/deps';
import { writeContext } from '../../shared/services/deps';
import { logHours } from '../../shared/services/hours';
import { createParticipant, exitParticipant } from '../../shared/services/participants';

// Demo data for a first start: the six PLIEs of Bordeaux Métropole (seed 004) and a few
// contracts, people and hours. Everything below the PLIE names is illustrative.

const LOADER: Identity = { sub: 'demo-loader', role: 'admin' };

export const DEMO_PLIES = [
  { id: 'bordeaux', name: 'PLIE de Bordeaux', communes: ['Bordeaux'] },
  { id: 'graves', name: 'PLIE des Graves', communes: [] },
  {
    id: 'hauts-de-garonne',
    name: 'PLIE des Hauts de Garonne',
    communes: ['Bassens', 'Cenon', 'Floirac', 'Lormont'],
  },
  { id: 'adsi-technowest', name: 'PLIE ADSI Technowest', communes: [] },
  { id: 'portes-du-sud', name: 'PLIE Portes du Sud', communes: [] },
  { id: 'sources', name: 'PLIE des Sources', communes: [] },
] as const;

/** Made-up allocation criteria, in the proportions of a metropolis of 800,000 people. */
const DEMO_CRITERIA: Record<string, [number, number, number, number, number]> = {
  bordeaux: [260000, 0.17, 34000, 0.13, 0.12],
  graves: [120000, 0.14, 9000, 0.075, 0.09],
  'hauts-de-garonne': [95000, 0.38, 31000, 0.33, 0.16],
  'adsi-technowest': [160000, 0.15, 12000, 0.075, 0.08],
  'portes-du-sud': [45000, 0.22, 6000, 0.13, 0.11],
  sources: [80000, 0.12, 5000, 0.06, 0.07],
};

const base = {
  buyer: { name: 'Bordeaux Métropole', siret: '24330031600011' },
  socialConsiderations: ['social-clause'] as ContractCreateInput['socialConsiderations'],
};

const DEMO_CONTRACTS: ContractCreateInput[] = [
  {
    ...base,
    reference: 'BM-2024-0117',
    title: 'Grande salle de spectacle — lot gros œuvre',
    awardee: { name: 'Bâtisseurs d’Aquitaine', siret: '41234567800019' },
    kind: 'works',
    cpv: '45210000-2',
    amount: 12_400_000,
    notifiedOn: '2024-11-18',
    startsOn: '2025-01-06',
    endsOn: '2026-06-30',
    targetHours: 8000,
    allocation: { mode: 'shared' },
  },
  {
    ...base,
    reference: 'BM-2025-0042',
    title: 'Pont Jean-Jacques Bosc — voiries et réseaux',
    awardee: { name: 'Routes et Ouvrages du Sud-Ouest', siret: '52345678900021' },
    kind: 'works',
    cpv: '45233000-9',
    amount: 9_850_000,
    notifiedOn: '2025-02-10',
    startsOn: '2025-03-01',
    endsOn: '2027-02-28',
    insertionInputs: { labourShare: 0.4, insertionRate: 0.07, hourlyCost: 33 },
    allocation: { mode: 'shared' },
  },
  {
    ...base,
    reference: 'BM-2025-0108',
    title: 'Entretien des espaces verts — secteur rive droite',
    awardee: { name: 'Jardins Solidaires de la Rive Droite', siret: '63456789000034' },
    kind: 'services',
    cpv: '77310000-6',
    amount: 850_000,
    notifiedOn: '2025-01-20',
    startsOn: '2025-02-01',
    endsOn: '2026-01-31',
    insertionInputs: { labourShare: 0.6, insertionRate: 0.1, hourlyCost: 28 },
    allocation: { mode: 'single', plieId: 'hauts-de-garonne' },
  },
  {
    ...base,
    reference: 'BM-2025-0131',
    title: 'Nettoyage des locaux administratifs — hôtel de la Métropole',
    awardee: { name: 'Propreté Girondine', siret: '74567890100045' },
    kind: 'services',
    cpv: '90911200-8',
    amount: 420_000,
    notifiedOn: '2025-03-03',
    startsOn: '2025-04-01',
    endsOn: '2027-03-31',
    targetHours: 1500,
    allocation: { mode: 'single', plieId: 'bordeaux' },
  },
  {
    ...base,
    buyer: { name: 'Ville de Bègles', siret: '21330039700014' },
    reference: 'VB-2025-007',
    title: 'Rénovation du groupe scolaire — peinture intérieure',
    awardee: { name: 'Couleurs et Façades', siret: '85678901200056' },
    kind: 'works',
    cpv: '45442100-8',
    amount: 1_100_000,
    notifiedOn: '2025-04-14',
    startsOn: '2025-05-05',
    endsOn: '2025-12-19',
    insertionInputs: { labourShare: 0.7, insertionRate: 0.05, hourlyCost: 32 },
    allocation: { mode: 'single', plieId: 'graves' },
  },
  {
    ...base,
    reference: 'BM-2025-0150',
    title: 'Blanchisserie des crèches métropolitaines',
    awardee: { name: 'ESAT Les Ateliers du Lac', siret: '96789012300067' },
    kind: 'services',
    cpv: '98310000-9',
    amount: 120_000,
    notifiedOn: '2025-05-12',
    startsOn: '2025-06-01',
    endsOn: '2026-05-31',
    socialConsiderations: ['reserved'],
    reserved: { basis: 'L2113-12', awardeeType: 'ESAT' },
    allocation: { mode: 'single', plieId: 'sources' },
  },
];

const ELIGIBILITY: EligibilityCode[][] = [
  ['RSA', 'QPV'],
  ['DELD'],
  ['JEUNE', 'CAP_BEP'],
  ['DETLD', 'SENIOR'],
  ['TH'],
  ['ASS', 'QPV'],
];
const EXITS: Outcome[] = [
  'cdi',
  'cdd-6m-plus',
  'qualifying-training',
  'cdd-under-6m',
  'job-seeking',
];

/** A small deterministic generator: the demo is the same on every machine. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export async function loadDemoData(deps: ServiceDeps): Promise<{ lines: number }> {
  const { stores } = deps;
  const context = writeContext(deps, LOADER);
  for (const plie of DEMO_PLIES) {
    await stores.plies.put(
      {
        ...plie,
        communes: [...plie.communes],
        coordinatorEmails: [`coordination@${plie.id}.plie.example`],
      },
      context,
    );
    const [population, socialHousingRate, qpvResidents, qpvShare, unemploymentRate] = DEMO_CRITERIA[
      plie.id
    ] as [number, number, number, number, number];
    for (const year of [2024, 2025, 2026]) {
      await stores.plies.putCriteria(
        {
          plieId: plie.id,
          year,
          population,
          socialHousingRate,
          qpvResidents,
          qpvShare,
          unemploymentRate,
        },
        context,
      );
    }
  }

  // The seed's convention (5,000 € per PLIE + 1 € per hour), signed for three years.
  for (const year of [2024, 2025, 2026]) {
    await stores.funding.putConvention(
      year,
      { fixedPerPlieCents: 5_000_00, perHourCents: 1_00 },
      context,
    );
  }

  const participants = new Map<string, string[]>();
  let n = 0;
  for (const plie of DEMO_PLIES) {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const participant = await createParticipant(deps, LOADER, {
        plieId: plie.id,
        ref: `${plie.id.slice(0, 3).toUpperCase()}-2025-${String(i).padStart(3, '0')}`,
        eligibility: ELIGIBILITY[n % ELIGIBILITY.length] as EligibilityCode[],
        enteredOn: `2024-${String((n % 12) + 1).padStart(2, '0')}-15`,
      });
      ids.push(participant.id);
      // Two people of each PLIE have left the scheme, with outcomes of every kind.
      if (i >= 4) {
        await exitParticipant(deps, LOADER, participant, {
          exitedOn: i === 4 ? '2025-06-30' : '2025-09-30',
          outcome: EXITS[(n + Math.floor(n / 5)) % EXITS.length] as Outcome,
        });
      }
      n += 1;
    }
    participants.set(plie.id, ids);
  }

  const next = random(2025);
  let lines = 0;
  for (const input of DEMO_CONTRACTS) {
    const contract = await createContract(deps, LOADER, ContractCreate.parse(input));
    // A reserved market without a clause carries no insertion hours.
    if (!contract.targetHours) continue;
    const plieIds =
      contract.allocation?.mode === 'single'
        ? [contract.allocation.plieId]
        : DEMO_PLIES.map((p) => p.id);
    for (let month = 1; month <= 10; month++) {
      const ym = `2025-${String(month).padStart(2, '0')}`;
      if (ym < contract.startsOn.slice(0, 7) || ym > contract.endsOn.slice(0, 7)) continue;
      for (const plieId of plieIds) {
        if (next() < 0.35) continue;
        const people = participants.get(plieId) ?? [];
        const participantId = people[Math.floor(next() * (people.length - 1))];
        await logHours(deps, LOADER, {
          contractId: contract.id,
          plieId,
          participantId,
          month: ym,
          hours: Math.round((20 + next() * 130) * 4) / 4,
          mode: HOUR_MODES[Math.floor(next() * HOUR_MODES.length)] ?? 'direct-hire',
        });
        lines += 1;
      }
    }
  }
  return { lines };
}
