// A month of a social clause, scripted through the generated client as another team's tool
// would: sign in, register a PLIE, its funding convention and a contract, log the month's hours,
// then read the contract, the PLIE's funding and the monthly report. Run against a local server
// (`npm start`, whose /dev/token hands out tokens); the test runs it against the app itself.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api';

type Role = components['schemas']['DevTokenRequest']['role'];
type Mode = components['schemas']['HoursLineCreate']['mode'];

export interface MonthOptions {
  baseUrl: string;
  /** Another transport than the global fetch (the test passes the app's own). */
  fetch?: (request: Request) => Promise<Response>;
  plieId: string;
  month: string;
  lines: { hours: number; mode: Mode }[];
}

export interface MonthFigures {
  contractId: string;
  contractHours: number;
  plieHours: number;
  /** The PLIE's funding for the year, in euros. */
  plieFunding: number;
  reportHoursMonth: number;
}

/** Fails with the API's problem document when a call is refused. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined)
    throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function scriptedMonth(options: MonthOptions): Promise<MonthFigures> {
  const { baseUrl, fetch, plieId, month } = options;
  const year = Number(month.slice(0, 4));
  const anonymous = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  const signedIn = async (role: Role): Promise<Client<paths>> => {
    const { token } = ok(await anonymous.POST('/dev/token', { body: { role } }), 'token');
    return createClient<paths>({
      baseUrl,
      ...(fetch ? { fetch } : {}),
      headers: { authorization: `Bearer ${token}` },
    });
  };

  const admin = await signedIn('admin');
  ok(
    await admin.PUT('/api/plies/{plieId}', {
      params: { path: { plieId } },
      // Active since the start of the year, on purpose: a PLIE registered without a date starts
      // on the day it is, and the month scripted may be a past one.
      body: { name: `PLIE ${plieId}`, activeFrom: `${year}-01-01` },
    }),
    'PLIE',
  );
  ok(
    await admin.PUT('/api/funding-conventions/{year}', {
      params: { path: { year } },
      body: { fixedPerPlie: 5000, perHour: 1 },
    }),
    'convention',
  );

  const buyer = await signedIn('procurement');
  const contract = ok(
    await buyer.POST('/api/contracts', {
      body: {
        reference: `SCRIPT-${month}`,
        title: 'Entretien des espaces verts',
        buyer: { name: 'Bordeaux Métropole', siret: '24330031600011' },
        awardee: { name: 'Jardins Solidaires', siret: '41234567800012' },
        kind: 'services',
        amount: 400_000,
        notifiedOn: `${year}-01-10`,
        startsOn: `${year}-01-15`,
        endsOn: `${year}-12-31`,
        targetHours: 600,
        allocation: { mode: 'single', plieId },
        socialConsiderations: ['social-clause'],
      },
    }),
    'contract',
  );
  for (const [index, line] of options.lines.entries())
    ok(
      await buyer.POST('/api/hours', {
        params: { header: { 'idempotency-key': `${contract.id}-${month}-${index}` } },
        body: { contractId: contract.id, plieId, month, ...line },
      }),
      'hours',
    );

  const detail = ok(
    await buyer.GET('/api/contracts/{id}', { params: { path: { id: contract.id } } }),
    'contract detail',
  );
  const funding = ok(await buyer.GET('/api/funding', { params: { query: { year } } }), 'funding');
  const report = ok(
    await buyer.GET('/api/reports/monthly/{month}', { params: { path: { month } } }),
    'report',
  );
  // The report route also answers CSV (`?format=csv`): without it, JSON.
  if (typeof report === 'string') throw new Error('report: CSV where JSON was asked for');
  const row = funding.plies.find((p) => p.plieId === plieId);
  return {
    contractId: contract.id,
    contractHours: detail.hoursLogged,
    plieHours: row?.hours ?? 0,
    plieFunding: row?.total ?? 0,
    reportHoursMonth: report.summary.hoursMonth,
  };
}
