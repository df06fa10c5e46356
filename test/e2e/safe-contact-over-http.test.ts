import { staffOf, useHttpCases } from '../support/http-case';
import { eventually } from '../support/case-harness';

const stonewater = staffOf('stonewater');
const officer = stonewater('officer-ada', 'caseworker', 'team-north');
const manager = stonewater('mgr-bea', 'manager', 'team-north');

/** The survivor's safe-contact profile, held against every contact attempt over HTTP. */
describe("the survivor's safe contact", () => {
  const http = useHttpCases({ organisationId: 'stonewater', principals: [officer, manager] });
  const call = http.call;

  it('refuses an unsafe channel, takes a manager’s justified override, and follows the profile as updated', async () => {
    // safe by text and phone, no voicemail, no letters
    const path = `/cases/${await http.openCase(officer, 'e2e-safe-contact-0001')}`;

    const byEmail = await call(officer, 'POST', `${path}/contact-attempts`, {
      outcome: 'not_reached',
      channel: 'email',
    });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.detail).toContain("email is not one of the survivor's safe channels");
    const voicemail = await call(officer, 'POST', `${path}/contact-attempts`, {
      outcome: 'not_reached',
      channel: 'phone',
      leftVoicemail: true,
    });
    expect(voicemail.status).toBe(409);
    expect(voicemail.body.detail).toContain('voicemail is not safe for the survivor');

    const justification = 'Police ask us to reach her by e-mail today: her phone was taken.';
    const notAManager = await call(officer, 'POST', `${path}/contact-attempts`, {
      outcome: 'not_reached',
      channel: 'email',
      override: { justification },
    });
    expect(notAManager.status).toBe(403);
    const overridden = await call(manager, 'POST', `${path}/contact-attempts`, {
      outcome: 'reached',
      channel: 'email',
      override: { justification },
    });
    expect(overridden.status).toBe(200);
    expect(overridden.body.entry).toMatchObject({ channel: 'email', override: { by: 'mgr-bea', justification } });

    // Agreed with the survivor: e-mail only from now on.
    const updated = await call(officer, 'POST', `${path}/safe-contact`, {
      safeContact: { channels: ['email'], lettersSafe: false, voicemailSafe: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.entry).toMatchObject({ by: 'officer-ada', profile: { channels: ['email'] } });
    expect(
      (await call(officer, 'POST', `${path}/contact-attempts`, { outcome: 'reached', channel: 'email' })).status,
    ).toBe(200);
    expect(
      (await call(officer, 'POST', `${path}/contact-attempts`, { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(409);

    const timeline = JSON.stringify((await call(officer, 'GET', `${path}/timeline`)).body);
    expect(timeline).toContain('Safe-contact profile updated');
    expect(timeline).toContain('outside the safe-contact profile, overridden by mgr-bea');
  });

  it('tells the survivor of a sharing only by a safe way, once, and where the decision was to tell them', async () => {
    const path = `/cases/${await http.openCase(officer, 'e2e-safe-contact-0003')}`;
    const scope = {
      agency: 'Example Police',
      purpose: 'Safeguarding the survivor',
      dataCategories: ['contact details'],
    };
    const requested = await call(officer, 'POST', `${path}/sharing-requests`, scope);
    expect(requested.status).toBe(200);
    const told = `${path}/sharing-requests/${requested.body.request.id}/survivor-told`;
    expect((await call(officer, 'POST', told, { channel: 'text' })).body.detail).toBe('nothing has been released yet');
    expect((await call(officer, 'POST', `${path}/consents`, { scope, decision: 'given' })).status).toBe(200);
    const released = await call(officer, 'POST', `${path}/sharing-requests/${requested.body.request.id}/release`, {});
    expect(released.body.release).toMatchObject({ basis: 'consent', tellSurvivor: true });

    const byEmail = await call(officer, 'POST', told, { channel: 'email' });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.detail).toContain("email is not one of the survivor's safe channels");
    const byText = await call(officer, 'POST', told, { channel: 'text' });
    expect(byText.status).toBe(200);
    expect(byText.body.survivorTold).toMatchObject({ by: 'officer-ada', channel: 'text' });
    expect((await call(officer, 'POST', told, { channel: 'text' })).status).toBe(409);
    const timeline = JSON.stringify((await call(officer, 'GET', `${path}/timeline`)).body);
    expect(timeline).toContain('Survivor told of the sharing');
  });

  // moves the test server's clock four weeks on: last
  it('asks for feedback after closure only by a safe channel, records the answer, and then the case ends', async () => {
    const caseId = await http.openCase(officer, 'e2e-safe-contact-0002');
    const path = `/cases/${caseId}`;
    const answered = { outcome: 'answered', answers: { handledWell: 'yes', feltSafer: 'partly' } };
    const early = await call(officer, 'POST', `${path}/feedback`, { channel: 'text', ...answered });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('feedback is asked for once the case is closed');

    const closed = await call(officer, 'POST', `${path}/closure`, { reason: 'resolved', survivorAgrees: true });
    expect(closed.status).toBe(200);
    const tooSoon = await call(officer, 'POST', `${path}/feedback`, { channel: 'text', ...answered });
    expect(tooSoon.body.detail).toContain('when the profile’s time after closure has passed');

    // Stonewater asks for feedback 28 days after closure (a platform default): the officer is told then
    await http.harness.skipTo(new Date(Date.parse(closed.body.entry.at) + 29 * 86_400_000));
    await eventually(
      () => http.harness.alerts(caseId),
      (rows) => rows.some((row) => row.kind === 'feedback_due'),
    );
    const byLetter = await call(officer, 'POST', `${path}/feedback`, { channel: 'letter', ...answered });
    expect(byLetter.status).toBe(409);
    expect(byLetter.body.detail).toContain("letter is not one of the survivor's safe channels");
    const noAnswers = await call(officer, 'POST', `${path}/feedback`, { channel: 'text', outcome: 'answered' });
    expect(noAnswers.status).toBe(400);
    const notReached = await call(officer, 'POST', `${path}/feedback`, { channel: 'phone', outcome: 'not_reached' });
    expect(notReached.status).toBe(200);
    const recorded = await call(officer, 'POST', `${path}/feedback`, { channel: 'text', ...answered });
    expect(recorded.status).toBe(200);
    expect(recorded.body.entry).toMatchObject({ by: 'officer-ada', channel: 'text', ...answered });

    // answered: the workflow has nothing more to wait for (and no clock is moved to end it)
    const workflow = http.harness.env.client.workflow.getHandle(`case-${caseId}`);
    await eventually(
      () => workflow.describe(),
      (described) => described.status.name === 'COMPLETED',
    );
    const timeline = await call(officer, 'GET', `${path}/timeline`);
    const feedback = timeline.body.entries
      .filter((entry: { code: string }) => entry.code === 'case.feedback')
      .map((entry: { detail: string }) => entry.detail);
    expect(feedback).toEqual(['not reached by phone', 'answered by text; handled well: yes, felt safer: partly']);
  });
});
