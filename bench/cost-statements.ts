import { signDevToken } from '#shared/http/auth';
import { missingStatements } from '#shared/services/missing-statements';
import type { Counter, Operation } from './cost';
import type { benchEnvironment } from './support';

// The cost model's awardees (issue 26): a company invited declares its month's statement
// contract by contract (POST /api/statements, a few lines), a facilitator validates it; the
// missing-statement check of each report then reads the month's "statement received" items
// and the invited companies' contacts, where it read every statement of 13 months. Measured
// on the metropolis' data; at national scale, priced per item read at the measured units.

/** The company every bench contract is held by (benchContract's awardee). */
const COMPANY = '41234567800012';
/** Lines of a declaration: a small site's month. */
export const DECLARATION_LINES = 3;
/** Half the contracts are declared by their awardee; the others' statements come as files. */
export const DECLARED_SHARE = 0.5;
/** Declarations measured, half of them validated; contacts of the company. */
const DECLARATIONS = 60;
const CONTACTS = 30;

type Env = Awaited<ReturnType<typeof benchEnvironment>>;
type Measure = (
  counter: Counter,
  runs: number,
  run: (i: number) => Promise<void>,
) => Promise<Operation>;

export interface StatementCosts {
  declare: Operation;
  validate: Operation;
  /** The check as a full report runs it (contracts already read), from the items. */
  check: Operation;
  /** Read units per item: a received item, a statement (what the check read before), a contact. */
  rruPerMark: number;
  rruPerStatement: number;
  rruPerContact: number;
  /** Lines the declarations added to the table. */
  lines: number;
}

export async function measureStatements(
  env: Env,
  counter: Counter,
  measure: Measure,
  contracts: readonly { id: string }[],
  month: string,
): Promise<StatementCosts> {
  const procurement = await env.token('procurement');
  // The bench's local secret (support.ts): an awardee's token carries its company.
  const awardee = await signDevToken('bench', { role: 'awardee', siret: COMPANY }, new Date());
  // The company's contacts (a few dozen: what a read of them costs per contact shows).
  const first = contracts[0]?.id as string;
  for (let i = 0; i < CONTACTS; i++) {
    must(
      await env.call('POST', `/api/contracts/${first}/invitations`, procurement, {
        email: `paie-${i}@titulaire.example`,
      }),
      201,
    );
  }
  const ids: string[] = [];
  const declare = await measure(counter, DECLARATIONS, async (i) => {
    const answer = must(
      await env.call('POST', '/api/statements', awardee, {
        contractId: contracts[i % contracts.length]?.id,
        month,
        lines: Array.from({ length: DECLARATION_LINES }, (_, l) => ({
          description: `compagnon ${l + 1}`,
          hours: 35,
          mode: 'direct-hire',
        })),
      }),
      201,
    );
    ids.push((answer.body as { id: string }).id);
  });
  const validate = await measure(counter, DECLARATIONS / 2, async (i) => {
    must(await env.call('POST', `/api/statements/${ids[i]}/validate`, procurement), 200);
  });

  const { stores } = env;
  const deps = { stores, now: () => new Date() };
  const running = await stores.contracts.all({ activeIn: Number(month.slice(0, 4)) });
  const check = await measure(counter, 3, async () => {
    await missingStatements(deps, month, { running });
  });
  const perItem = async (read: () => Promise<unknown[]>) => {
    let items = 0;
    const op = await measure(counter, 1, async () => {
      items = (await read()).length;
    });
    return op.rru / Math.max(1, items);
  };
  return {
    declare,
    validate,
    check,
    rruPerMark: await perItem(() => stores.received.ofMonth(month)),
    // What the check read before: every statement sent in a window (here: all of them).
    rruPerStatement: await perItem(() =>
      stores.statementLists.sentBetween('2000-01-01', '2100-01-01'),
    ),
    rruPerContact: await perItem(() => stores.awardeeContacts.all()),
    lines: (DECLARATIONS / 2) * DECLARATION_LINES,
  };
}

/**
 * The check at a profile's scale, per report: every contract running has a statement a month
 * (declared, or a file), so as many received items; a contact per declaring contract at most.
 * Before: every statement sent in the 13 months read.
 */
export function checkAtScale(costs: StatementCosts, contracts: number) {
  const declared = contracts * DECLARED_SHARE;
  const contacts = declared;
  const marks = contracts;
  const statements = 13 * contracts;
  return {
    marks,
    contacts,
    statements,
    rru: costs.rruPerMark * marks + costs.rruPerContact * contacts,
    rruBefore: costs.rruPerStatement * statements + costs.rruPerContact * contacts,
  };
}

function must(response: { status: number; body: unknown }, status: number) {
  if (response.status !== status)
    throw new Error(`${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  return response;
}
