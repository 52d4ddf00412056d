import type { Identity } from '#shared/domain/access';
import { addMonthsToMonth, dayOf, parisMonth, yearOf } from '#shared/domain/calendar';
import type { EligibilityCode } from '#shared/domain/eligibility';
import { personMonthProblem, presenceProblem } from '#shared/domain/hour-line-references';
import { HOUR_MODES, isMonthInPeriod } from '#shared/domain/hours';
import type { Outcome } from '#shared/domain/outcomes';
import { AGE_BANDS } from '#shared/domain/people';
import { seededRandom } from '#shared/random';
import { ContractCreate, type ContractCreateInput } from '#shared/schemas/contracts';
import { createContract } from '#shared/services/contracts';
import { type ServiceDeps, writeContext } from '#shared/services/deps';
import { logHours } from '#shared/services/hours';
import { createParticipant, exitParticipant } from '#shared/services/participants';
import type { ParticipantRecord } from '#shared/store/participants';

// Demo data for a first start: the six PLIEs of Bordeaux Métropole (seed 004) and contracts,
// people and two years of hours up to last month, dated from today so that the demo always
// looks like a living year. Everything below the PLIE names is illustrative.

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

const metropole = { name: 'Bordeaux Métropole', siret: '24330031600011' };

/** The demo's contracts, dated in months from the current month (negative = past). */
function demoContracts(
  at: (months: number, day?: number) => string,
): (ContractCreateInput & { hours: boolean })[] {
  return [
    {
      reference: 'BM-GS-0117',
      title: 'Grande salle de spectacle — lot gros œuvre',
      buyer: metropole,
      awardee: { name: 'Bâtisseurs d’Aquitaine', siret: '41234567800012' },
      kind: 'works',
      cpv: '45210000-2',
      amount: 12_400_000,
      notifiedOn: at(-30, 18),
      startsOn: at(-28, 6),
      endsOn: at(6, 30),
      targetHours: 8000,
      allocation: { mode: 'shared' },
      socialConsiderations: ['social-clause'],
      hours: true,
    },
    {
      reference: 'BM-JJB-0042',
      title: 'Pont Jean-Jacques Bosc — voiries et réseaux',
      buyer: metropole,
      awardee: { name: 'Routes et Ouvrages du Sud-Ouest', siret: '52345678900024' },
      kind: 'works',
      cpv: '45233000-9',
      amount: 9_850_000,
      notifiedOn: at(-21, 10),
      startsOn: at(-20, 1),
      endsOn: at(16, 28),
      insertionInputs: { labourShare: 0.4, insertionRate: 0.07, hourlyCost: 33 },
      allocation: { mode: 'shared' },
      socialConsiderations: ['social-clause'],
      hours: true,
    },
    {
      reference: 'BM-EV-0108',
      title: 'Entretien des espaces verts — secteur rive droite',
      buyer: metropole,
      awardee: { name: 'Jardins Solidaires de la Rive Droite', siret: '63456789000039' },
      kind: 'services',
      cpv: '77310000-6',
      amount: 850_000,
      notifiedOn: at(-22, 20),
      startsOn: at(-21, 1),
      endsOn: at(2, 28),
      insertionInputs: { labourShare: 0.6, insertionRate: 0.1, hourlyCost: 28 },
      allocation: { mode: 'single', plieId: 'hauts-de-garonne' },
      socialConsiderations: ['social-clause', 'social-criterion'],
      hours: true,
    },
    {
      reference: 'BM-NET-0131',
      title: 'Nettoyage des locaux administratifs — hôtel de la Métropole',
      buyer: metropole,
      awardee: { name: 'Propreté Girondine', siret: '74567890100042' },
      kind: 'services',
      cpv: '90911200-8',
      amount: 420_000,
      notifiedOn: at(-20, 3),
      startsOn: at(-19, 1),
      endsOn: at(5, 28),
      targetHours: 1500,
      allocation: { mode: 'single', plieId: 'bordeaux' },
      socialConsiderations: ['social-clause'],
      hours: true,
    },
    {
      reference: 'VB-ECO-007',
      title: 'Rénovation du groupe scolaire — peinture intérieure',
      buyer: { name: 'Ville de Bègles', siret: '21330039700014' },
      awardee: { name: 'Couleurs et Façades', siret: '85678901200056' },
      kind: 'works',
      cpv: '45442100-8',
      amount: 1_100_000,
      notifiedOn: at(-8, 14),
      startsOn: at(-7, 5),
      endsOn: at(1, 19),
      insertionInputs: { labourShare: 0.7, insertionRate: 0.05, hourlyCost: 32 },
      allocation: { mode: 'single', plieId: 'graves' },
      socialConsiderations: ['social-clause'],
      hours: true,
    },
    {
      reference: 'BM-BLA-0150',
      title: 'Blanchisserie des crèches métropolitaines',
      buyer: metropole,
      awardee: { name: 'ESAT Les Ateliers du Lac', siret: '96789012300060' },
      kind: 'services',
      cpv: '98310000-9',
      amount: 120_000,
      notifiedOn: at(-6, 12),
      startsOn: at(-5, 1),
      endsOn: at(7, 28),
      reserved: { basis: 'L2113-12', awardeeType: 'ESAT' },
      allocation: { mode: 'single', plieId: 'sources' },
      socialConsiderations: ['reserved'],
      hours: false,
    },
    {
      reference: 'BM-REC-0171',
      title: 'Collecte et réemploi des encombrants — lot réservé',
      buyer: metropole,
      awardee: { name: 'Envie Gironde', siret: '38012345600010' },
      kind: 'services',
      cpv: '90511000-2',
      amount: 260_000,
      notifiedOn: at(-1, 9),
      startsOn: at(0, 1),
      endsOn: at(24, 28),
      reserved: { basis: 'L2113-13', awardeeType: 'EI' },
      allocation: { mode: 'single', plieId: 'portes-du-sud' },
      socialConsiderations: ['reserved'],
      hours: false,
    },
    {
      reference: 'BM-MOB-0180',
      title: 'Fourniture de mobilier de bureau',
      buyer: metropole,
      awardee: { name: 'Bureaux & Cie', siret: '49012345600025' },
      kind: 'supplies',
      cpv: '39130000-2',
      amount: 380_000,
      notifiedOn: at(-2, 16),
      startsOn: at(-1, 1),
      endsOn: at(11, 28),
      allocation: { mode: 'shared' },
      socialConsiderations: [],
      hours: false,
    },
  ];
}

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

/** How many months of hours the demo holds, up to last month. */
const DEMO_MONTHS = 24;

export async function loadDemoData(deps: ServiceDeps): Promise<{ lines: number }> {
  const { stores } = deps;
  const context = writeContext(deps, LOADER);
  const thisMonth = parisMonth(deps.now());
  // A date `months` from the first of this month, on `day` (or the month's last day).
  const at = (months: number, day = 1) => dayOf(addMonthsToMonth(thisMonth, months), day);
  const year = yearOf(thisMonth);

  for (const plie of DEMO_PLIES) {
    await stores.plies.put(
      {
        ...plie,
        communes: [...plie.communes],
        territory: 'Bordeaux Métropole',
        coordinatorEmails: [`coordination@${plie.id}.plie.example`],
        activeFrom: null,
        activeUntil: null,
      },
      context,
    );
    const [population, socialHousingRate, qpvResidents, qpvShare, unemploymentRate] = DEMO_CRITERIA[
      plie.id
    ] as [number, number, number, number, number];
    for (let y = year - 3; y <= year + 1; y++) {
      await stores.plies.putCriteria(
        {
          plieId: plie.id,
          year: y,
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
  // The seed's convention (5,000 € per PLIE + 1 € per hour), signed for three years at a time.
  for (let y = year - 2; y <= year + 1; y++) {
    await stores.funding.putConvention(
      y,
      { fixedPerPlieCents: 5_000_00, perHourCents: 1_00 },
      context,
    );
  }

  const participants = new Map<string, ParticipantRecord[]>();
  let n = 0;
  for (const plie of DEMO_PLIES) {
    const people: ParticipantRecord[] = [];
    for (let i = 1; i <= 5; i++) {
      const participant = await createParticipant(deps, LOADER, {
        plieId: plie.id,
        ref: `${plie.id.slice(0, 3).toUpperCase()}-${String(n + 1).padStart(3, '0')}`,
        eligibility: ELIGIBILITY[n % ELIGIBILITY.length] as EligibilityCode[],
        enteredOn: at(-26 + (n % 6), 15),
        // The funders' figures: a sex and an age band for most, « non renseigné » for some.
        ...(n % 7 === 6 ? {} : { sex: n % 2 ? 'F' : 'M' }),
        ...(n % 5 === 4 ? {} : { ageBand: AGE_BANDS[n % AGE_BANDS.length] }),
      });
      // Two people of each PLIE have left the scheme, with outcomes of every kind.
      people.push(
        i >= 4
          ? await exitParticipant(deps, LOADER, participant, {
              exitedOn: at(i === 4 ? -4 : -1, 20),
              outcome: EXITS[(n + Math.floor(n / 5)) % EXITS.length] as Outcome,
            })
          : participant,
      );
      n += 1;
    }
    participants.set(plie.id, people);
  }

  const next = seededRandom(2025);
  // The person a line goes to: the drawn one if they were in the PLIE that month with room left
  // under 250 h, else the next such person, else nobody (a line without a named participant).
  const monthHours = new Map<string, number>();
  const personFor = (plieId: string, month: string, hours: number, draw: number) => {
    const people = participants.get(plieId) ?? [];
    for (let k = 0; k < people.length; k++) {
      const person = people[(draw + k) % people.length] as ParticipantRecord;
      const key = `${person.id}#${month}`;
      const already = monthHours.get(key) ?? 0;
      if (presenceProblem(month, person) || personMonthProblem(month, already, hours)) continue;
      monthHours.set(key, already + hours);
      return person.id;
    }
    return undefined;
  };
  let lines = 0;
  for (const { hours: withHours, ...input } of demoContracts(at)) {
    const contract = await createContract(deps, LOADER, ContractCreate.parse(input));
    if (!withHours) continue;
    const plieIds =
      contract.allocation?.mode === 'single'
        ? [contract.allocation.plieId]
        : DEMO_PLIES.map((p) => p.id);
    for (let back = DEMO_MONTHS; back >= 1; back--) {
      const month = addMonthsToMonth(thisMonth, -back);
      if (!isMonthInPeriod(month, contract.startsOn, contract.endsOn)) continue;
      for (const plieId of plieIds) {
        if (next() < 0.35) continue;
        const draw = Math.floor(next() * 4);
        const hours = Math.round((20 + next() * 130) * 4) / 4;
        const participantId = personFor(plieId, month, hours, draw);
        // Hundreds of lines of its own making: no look for possible duplicates.
        await logHours(
          deps,
          LOADER,
          {
            contractId: contract.id,
            plieId,
            ...(participantId ? { participantId } : {}),
            month,
            hours,
            mode: HOUR_MODES[Math.floor(next() * HOUR_MODES.length)] ?? 'direct-hire',
          },
          undefined,
          { sayDuplicates: false },
        );
        lines += 1;
      }
    }
  }
  return { lines };
}
