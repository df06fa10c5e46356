import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** A partner callback's answer: whether it changed anything, so a duplicate is recognisable. */
export interface CallbackReceipt<State> {
  changed: boolean;
  state: State;
}

/** How a kind names its Query and Updates: staff actions answer with its state, partner callbacks with a receipt of it. */
export const childMessages = <State>() => ({
  query: (name: string) => defineQuery<State>(name),
  staffAction: <Command>(name: string) => defineUpdate<State, [Command]>(name),
  partnerCallback: <Command>(name: string) => defineUpdate<CallbackReceipt<State>, [Command]>(name),
});
