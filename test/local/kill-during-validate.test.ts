import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_DECLARED_LINES } from '#shared/domain/awardees';
import { addMonthsToMonth, dayOf, lastDayOf, lastParisMonth } from '#shared/domain/calendar';
import { MAX_HOURS_PER_PERSON_MONTH } from '#shared/domain/hour-line-references';
import { contractInput } from '../support/api';
import { type Answer, NpmStart } from '../support/npm-start';

// An awardee's statement as big as one may be, its validation killed (`kill -9` of the whole
// `npm start`) half-way through writing its lines. After a restart on the same data, the
// validation is undone as the lifecycle says (statement-lifecycle.ts: `ifInterrupted: 'undo'`):
// the statement waits again for a facilitator ("submitted"), none of its lines counts, every
// total is exact (`npm run reconcile` clean) — and validating it again counts each hour once.
//
// Mid-way is seen from outside, as the replacement test does: the contract's running total
// grows one transaction (24 lines, one person each) at a time, and the kill goes as soon as it
// shows some of the lines and at most half of them, so that several transactions are still to
// come when the signal lands. Measured on a loaded 2-CPU machine: a validation of 200 lines
// writes for 1 to 3 s, and the poll sees that half-way window 5 to 8 times; at 100 lines, 2 to
// 5 times; at 50, sometimes not at all.

const LINES = MAX_DECLARED_LINES;
const AWARDEE = '41234567800012'; // contractInput()'s awardee
const month = lastParisMonth(new Date());
/** Over half of a person's month each: a line counted twice would break the 250 h rule. */
const hoursOf = (i: number) => 126 + (i % 4) * 0.25;
const TOTAL = Array.from({ length: LINES }, (_, i) => hoursOf(i)).reduce((a, b) => a + b, 0);
const ref = (i: number) => `KILLV-${String(i).padStart(3, '0')}`;

interface Line {
  hours: number;
  status: 'active' | 'voided';
  statementId: string | null;
  participantId: string | null;
}

let server: NpmStart | undefined;
afterAll(() => server?.dispose());

describe('a validation killed half-way', () => {
  it('is undone at the next start: the statement to validate again, totals exact', async () => {
    expect(hoursOf(0) * 2).toBeGreaterThan(MAX_HOURS_PER_PERSON_MONTH);
    // Without the demo data: loading it took a third of the test, which is about a statement
    // of its own. The structure keeps the demo's name, and gets the one PLIE the lines need.
    server = await NpmStart.create('clause-tracker-kill-validate-', {
      DEMO_DATA: '0',
      DEFAULT_TENANT_NAME: 'Bordeaux Métropole',
    });
    await server.start();
    const procurement = server.caller(await server.token({ role: 'procurement' }));
    const admin = server.caller(await server.token({ role: 'admin' }));
    const awardee = server.caller(await server.token({ role: 'awardee', siret: AWARDEE }));
    const expectOk = (answer: Answer, status = 200) =>
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expectOk(
      await admin('PUT', '/api/plies/bordeaux', {
        name: 'PLIE de Bordeaux',
        communes: ['Bordeaux'],
        activeFrom: null,
      }),
      201,
    );

    // A contract running last month, and one person per line, followed by the PLIE that month.
    const contract = await procurement(
      'POST',
      '/api/contracts',
      contractInput({
        notifiedOn: dayOf(addMonthsToMonth(month, -2), 1),
        startsOn: dayOf(addMonthsToMonth(month, -1), 1),
        endsOn: lastDayOf(addMonthsToMonth(month, 11)),
        targetHours: 30_000,
      }),
    );
    expectOk(contract, 201);
    const contractId = contract.body.id as string;
    for (let first = 0; first < LINES; first += 10) {
      const created = await Promise.all(
        Array.from({ length: Math.min(10, LINES - first) }, (_, j) =>
          admin('POST', '/api/participants', {
            plieId: 'bordeaux',
            ref: ref(first + j),
            eligibility: ['RSA'],
            enteredOn: dayOf(month, 1),
          }),
        ),
      );
      for (const answer of created) expectOk(answer, 201);
    }

    const declared = await awardee('POST', '/api/statements', {
      contractId,
      month,
      lines: Array.from({ length: LINES }, (_, i) => ({
        participantRef: ref(i),
        hours: hoursOf(i),
        mode: 'direct-hire',
      })),
    });
    expectOk(declared, 201);
    const statementId = declared.body.id as string;
    expect(declared.body).toMatchObject({ status: 'submitted', lineCount: LINES, hours: TOTAL });

    const hours = async () =>
      (await procurement('GET', `/api/contracts/${contractId}`)).body.hoursLogged as number;
    /** The contract's lines, every page, voided ones included. */
    const contractLines = async () => {
      const lines: Line[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer = await procurement(
          'GET',
          `/api/hours?contractId=${contractId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expectOk(page);
        lines.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return lines;
    };
    const sum = (lines: { hours: number }[]) => lines.reduce((total, l) => total + l.hours, 0);
    const reconciles = async () => {
      const reconcile = await server?.reconcile();
      expect(reconcile?.status, `${reconcile?.stdout}${reconcile?.stderr}`).toBe(0);
      expect(reconcile?.stdout).toContain('Tous les totaux sont égaux');
    };
    expect(await hours()).toBe(0);

    // A 503 says "retry in a few seconds": on a busy machine, DynamoDB Local (one JVM) can take
    // over the client's 1 s to accept a connection when a validation's checks send it hundreds
    // of reads at once. Nothing of it then counts, and it is sent again after a pause, as a
    // facilitator would, for up to a minute; any other refusal fails the test at once.
    const validate = () => procurement('POST', `/api/statements/${statementId}/validate`);
    const mayRetry = (answer: Answer | null, since: number) =>
      answer?.status === 503 && Date.now() - since < 60_000;

    // The validation, killed once some of its lines and at most half of them count.
    const seen: number[] = [];
    let killedAt: number | null = null;
    const firstSent = Date.now();
    while (killedAt === null) {
      const request = { answer: null as Answer | null };
      const validating = validate().then(
        (answer) => (request.answer = answer),
        () => null,
      );
      const deadline = Date.now() + 60_000;
      while (request.answer === null && Date.now() < deadline) {
        const now = await hours();
        seen.push(now);
        if (now > 0 && now <= TOTAL / 2) {
          await server.kill();
          killedAt = now;
          break;
        }
        if (now > TOTAL / 2) break;
        await sleep(10);
      }
      const answer = await validating;
      if (killedAt !== null) {
        // Its request never got an answer: it was still writing when the group died.
        expect(answer).toBeNull();
        break;
      }
      expect(
        mayRetry(answer, firstSent),
        `the validation was not caught half-way (hours seen: ${seen.join(' ')}); it answered ${JSON.stringify(answer)}`,
      ).toBe(true);
      await sleep(5_000);
    }

    // Same data, a new process: the validation it left under way is undone at start.
    await server.start();
    // One line, the statement's structure's ("Bordeaux Métropole — relevés interrompus : …").
    expect(server.output.split('\n').filter((line) => /relevés interrompus/i.test(line))).toEqual([
      expect.stringContaining(
        'relevés interrompus : 0 retrait(s) terminé(s), 1 remplacement(s) ou validation(s) annulé(s).',
      ),
    ]);
    const undone = await procurement('GET', `/api/statements/${statementId}`);
    expectOk(undone);
    expect(undone.body).toMatchObject({
      status: 'submitted',
      pending: null,
      reviewedAt: null,
      lineCount: LINES,
    });
    expect(await hours()).toBe(0);
    // The lines it wrote are gone, not voided: as if never written.
    expect(await contractLines()).toEqual([]);
    await reconciles();

    // Validated again: every line once, every hour once (a person's month counted twice would
    // go past 250 h and refuse it).
    const againSent = Date.now();
    let again = await validate();
    while (mayRetry(again, againSent)) {
      await sleep(5_000);
      again = await validate();
    }
    expectOk(again);
    expect(again.body).toMatchObject({ status: 'validated', pending: null });
    const lines = await contractLines();
    expect(lines).toHaveLength(LINES);
    expect(lines.every((line) => line.status === 'active')).toBe(true);
    expect(lines.every((line) => line.statementId === statementId)).toBe(true);
    expect(new Set(lines.map((line) => line.participantId)).size).toBe(LINES);
    expect(sum(lines)).toBe(TOTAL);
    expect(await hours()).toBe(TOTAL);
    await reconciles();

    await server.stop();
  }, 420_000);
});
