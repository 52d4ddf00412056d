import type { Identity } from '#shared/domain/access';
import { addMonthsToMonth, dayOf, parisMonth, yearOf } from '#shared/domain/calendar';
import { isMonthInPeriod } from '#shared/domain/hours';
import { ContractCreate, type ContractCreateInput } from '#shared/schemas/contracts';
import { createContract } from '#shared/services/contracts';
import { type ServiceDeps, writeContext } from '#shared/services/deps';
import { logHours } from '#shared/services/hours';
import { createParticipant } from '#shared/services/participants';

// The demo's second structure: Grenoble-Alpes Métropole (seeds 000–003, whose plan names
// sustainable public purchasing), with one PLIE and a few contracts — one of them held by a
// company that also works for Bordeaux Métropole, so that an awardee sees both. Illustrative.

export const GRENOBLE_TENANT = { id: 'grenoble-alpes', name: 'Grenoble-Alpes Métropole' };

const LOADER: Identity = { sub: 'demo-loader', role: 'admin', tenant: GRENOBLE_TENANT.id };
const metro = { name: 'Grenoble-Alpes Métropole', siret: '20004071500019' };
/** Holds contracts in both demo structures (Bordeaux Métropole's BM-GS-0117 too). */
export const SHARED_AWARDEE = { name: 'Bâtisseurs d’Aquitaine', siret: '41234567800012' };

function contracts(at: (months: number, day?: number) => string): ContractCreateInput[] {
  return [
    {
      reference: 'GAM-TRAM-021',
      title: 'Prolongement de la ligne de tram — génie civil',
      buyer: metro,
      awardee: SHARED_AWARDEE,
      kind: 'works',
      cpv: '45234100-7',
      amount: 6_300_000,
      notifiedOn: at(-14, 9),
      startsOn: at(-12, 1),
      endsOn: at(10, 30),
      targetHours: 4200,
      allocation: { mode: 'single', plieId: 'metro' },
      socialConsiderations: ['social-clause'],
    },
    {
      reference: 'GAM-RES-007',
      title: 'Collecte et réemploi des encombrants',
      buyer: metro,
      awardee: { name: 'Ressourcerie des Alpes', siret: '38012345600010' },
      kind: 'services',
      cpv: '90511000-2',
      amount: 310_000,
      notifiedOn: at(-9, 2),
      startsOn: at(-8, 1),
      endsOn: at(16, 28),
      targetHours: 2600,
      allocation: { mode: 'single', plieId: 'metro' },
      socialConsiderations: ['social-clause', 'social-criterion'],
    },
  ];
}

/** Loads the second structure's demo (its stores are that structure's, `deps.stores`). */
export async function loadGrenobleDemo(deps: ServiceDeps): Promise<{ lines: number }> {
  const { stores } = deps;
  const context = writeContext(deps, LOADER);
  const thisMonth = parisMonth(deps.now());
  const at = (months: number, day = 1) => dayOf(addMonthsToMonth(thisMonth, months), day);
  const year = yearOf(thisMonth);
  await stores.plies.put(
    {
      id: 'metro',
      name: 'PLIE de Grenoble-Alpes Métropole',
      communes: ['Grenoble', 'Échirolles', 'Saint-Martin-d’Hères'],
      territory: 'Grenoble-Alpes Métropole',
      coordinatorEmails: ['coordination@metro.plie.example'],
      activeFrom: null,
      activeUntil: null,
    },
    context,
  );
  for (let y = year - 2; y <= year + 1; y++) {
    await stores.funding.putConvention(
      y,
      { fixedPerPlieCents: 8_000_00, perHourCents: 1_50 },
      context,
    );
  }
  const people = [];
  for (let i = 1; i <= 4; i++) {
    people.push(
      await createParticipant(deps, LOADER, {
        plieId: 'metro',
        ref: `GAM-${String(i).padStart(3, '0')}`,
        eligibility: i % 2 ? ['RSA'] : ['DELD'],
        enteredOn: at(-13, 10),
      }),
    );
  }
  let lines = 0;
  for (const input of contracts(at)) {
    const contract = await createContract(deps, LOADER, ContractCreate.parse(input));
    for (let back = 6; back >= 1; back--) {
      const month = addMonthsToMonth(thisMonth, -back);
      if (!isMonthInPeriod(month, contract.startsOn, contract.endsOn)) continue;
      const person = people[(back + lines) % people.length];
      await logHours(deps, LOADER, {
        contractId: contract.id,
        plieId: 'metro',
        ...(person ? { participantId: person.id } : {}),
        month,
        hours: 35 + ((back * 17) % 60),
        mode: back % 2 ? 'direct-hire' : 'temporary-work',
      });
      lines += 1;
    }
  }
  return { lines };
}
