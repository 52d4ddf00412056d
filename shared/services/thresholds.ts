import type { Identity } from '#shared/domain/access';
import { longFrenchDate } from '#shared/domain/calendar';
import { centsToEuros, eurosToCents } from '#shared/domain/money';
import { type ThresholdPeriod, thresholdPeriods } from '#shared/domain/thresholds';
import { BusinessRuleError } from '#shared/errors';
import { type ServiceDeps, writeContext } from './deps';

// The EU thresholds L2112-2-1 is judged against: built in for the known periods, and recorded by
// an administrator for each new two-year period.

export interface ThresholdView {
  from: string;
  to: string;
  works: number;
  suppliesServicesLocal: number;
  suppliesServicesCentral: number;
  recorded: boolean;
}

function view(period: ThresholdPeriod, recorded: boolean): ThresholdView {
  return {
    from: period.from,
    to: period.to,
    works: centsToEuros(period.worksCents),
    suppliesServicesLocal: centsToEuros(period.suppliesServicesCents.local),
    suppliesServicesCentral: centsToEuros(period.suppliesServicesCents.central),
    recorded,
  };
}

export async function listThresholds(deps: ServiceDeps): Promise<ThresholdView[]> {
  const recorded = await deps.stores.thresholds.list();
  const starts = new Set(recorded.map((p) => p.from));
  return thresholdPeriods(recorded).map((p) => view(p, starts.has(p.from)));
}

export async function putThreshold(
  deps: ServiceDeps,
  actor: Identity,
  from: string,
  input: {
    to: string;
    works: number;
    suppliesServicesLocal: number;
    suppliesServicesCentral: number;
  },
): Promise<ThresholdView> {
  if (input.to < from) {
    throw new BusinessRuleError('La période finit avant de commencer.', [
      { path: 'to', message: `Date antérieure au début de la période (${longFrenchDate(from)})` },
    ]);
  }
  const period: ThresholdPeriod = {
    from,
    to: input.to,
    worksCents: eurosToCents(input.works),
    suppliesServicesCents: {
      local: eurosToCents(input.suppliesServicesLocal),
      central: eurosToCents(input.suppliesServicesCentral),
    },
  };
  await deps.stores.thresholds.put(period, writeContext(deps, actor));
  return view(period, true);
}
