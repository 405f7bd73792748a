import type { Decider } from '../decider';
import type { DomainErrorCode, RejectionKind } from '../errors';
import { DomainError, RequestRejectedError } from '../errors';

/**
 * Emmett-style decision tests: `given(past events).when(command).then(new events)`, `.thenThrows(code)` for a
 * DomainError or `.thenRejects(kind, code)` for a RequestRejectedError.
 * The state is always rebuilt from the given events, so a test cannot depend on a state evolve never produces.
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (events: readonly Event[]) => ({
      when: (command: Command) => {
        const decide = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState));
        return {
          then(expected: readonly Event[]): void {
            expect(decide()).toStrictEqual(expected);
          },
          thenThrows(code: DomainErrorCode, field?: string): void {
            let events: Event[];
            try {
              events = decide();
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              expect(error).toMatchObject(field === undefined ? { code } : { code, field });
              return;
            }
            throw new Error(`expected DomainError "${code}", but decide returned ${JSON.stringify(events)}`);
          },
          thenRejects(kind: RejectionKind, code: string, field?: string): void {
            let events: Event[];
            try {
              events = decide();
            } catch (error) {
              expect(error).toBeInstanceOf(RequestRejectedError);
              expect(error).toMatchObject(field === undefined ? { kind, code } : { kind, code, field });
              return;
            }
            throw new Error(`expected RequestRejectedError "${code}", but decide returned ${JSON.stringify(events)}`);
          },
        };
      },
    }),
  };
}
