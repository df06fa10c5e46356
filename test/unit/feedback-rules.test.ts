import { feedbackRefusals, isFeedbackSettled } from '../../src/case/rules/feedback';
import { disclosureSchema } from '../../src/case/disclosure';
import type { FeedbackContact } from '../../src/case/state';
import { fictionalDisclosure } from '../fixtures/disclosures';

const officer = { staffId: 'officer-ada', role: 'caseworker' } as const;
// the fixture survivor is safe by text and phone
const disclosure = disclosureSchema.parse(fictionalDisclosure());
const asked = { status: 'closed', feedbackRequestedAt: '2031-04-11T09:00:00.000Z', disclosure } as const;
const contact = (outcome: FeedbackContact['outcome']): FeedbackContact => ({
  at: '2031-04-12T09:00:00.000Z',
  by: 'officer-ada',
  channel: 'text',
  outcome,
});

describe('feedback after closure', () => {
  it('is asked for once the case is closed and the profile’s time has passed', () => {
    const byText = { actor: officer, channel: 'text', outcome: 'declined' } as const;
    expect(feedbackRefusals({ ...asked, status: 'open' }, byText)[0]?.message).toBe(
      'feedback is asked for once the case is closed',
    );
    expect(feedbackRefusals({ ...asked, feedbackRequestedAt: undefined }, byText)).toHaveLength(1);
    expect(feedbackRefusals(asked, byText)).toEqual([]);
  });

  it('by a channel the survivor’s profile allows, with answers only when they answered', () => {
    expect(feedbackRefusals(asked, { actor: officer, channel: 'letter', outcome: 'declined' })[0]?.type).toBe(
      'NotPossible',
    );
    expect(feedbackRefusals(asked, { actor: officer, channel: 'text', outcome: 'answered' })[0]?.type).toBe(
      'InvalidCommand',
    );
    const answers = { handledWell: 'partly' } as const;
    expect(feedbackRefusals(asked, { actor: officer, channel: 'text', outcome: 'declined', answers })).toHaveLength(1);
    expect(feedbackRefusals(asked, { actor: officer, channel: 'phone', outcome: 'answered', answers })).toEqual([]);
  });

  it('is settled by an answer or a refusal, not by a call nobody answered', () => {
    expect(isFeedbackSettled({ feedback: [contact('not_reached')] })).toBe(false);
    expect(isFeedbackSettled({ feedback: [contact('not_reached'), contact('declined')] })).toBe(true);
    expect(
      feedbackRefusals(
        { ...asked, feedback: [contact('answered')] },
        { actor: officer, channel: 'text', outcome: 'declined' },
      )[0]?.message,
    ).toBe('the survivor’s feedback is already recorded');
  });
});
