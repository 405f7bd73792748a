/** The shape every aggregate of the domain takes: pure decisions, pure state changes, a start state. */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}
