/** A partner callback's answer: whether it changed anything, so a duplicate is recognisable. */
export interface CallbackReceipt<State> {
  changed: boolean;
  state: State;
}
