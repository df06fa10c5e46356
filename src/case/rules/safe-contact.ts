import type { SafeContactProfile } from '../../contact/safe-contact';
import type { CaseState } from '../state';

/** The survivor's safe-contact profile as it stands: the disclosure's, or the latest agreed with them since. */
export const currentSafeContact = (state: Pick<CaseState, 'disclosure' | 'safeContact'>): SafeContactProfile =>
  state.safeContact?.profile ?? state.disclosure.safeContact;
