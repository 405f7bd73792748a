/**
 * One operation of a port as it travels between processes: its message pattern and how the port's arguments
 * become a JSON payload and back. A port's map of these drives both ends of the wire (the gateway's client
 * and the user-service's dispatching controller), so an operation is described once.
 */
export interface Operation<Args extends unknown[]> {
  pattern: string;
  /** The port's arguments as the payload sent (method syntax, so maps of differing arguments share one type). */
  toWire(...args: Args): object;
  /** The payload received, back to the port's arguments. */
  fromWire(payload: never): Args;
  /** The port answers nothing: the wire carries null, as JSON has no undefined. */
  answersNothing?: true;
  /** A long poll: the answer may be held this long on purpose, on top of the transport's timeout. */
  holdsMs?(...args: Args): number;
}

/** The map of a port: one operation per method, its arguments and answer typed by the port itself. */
export type Operations<Api> = {
  [Name in keyof Api]: Api[Name] extends (...args: infer Args) => Promise<unknown> ? Operation<Args> : never;
};

/** The message patterns of a map, for the controller that listens on all of them. */
export function patternsOf<Api>(operations: Operations<Api>): Record<keyof Api, string> {
  return Object.fromEntries(
    Object.entries<Operation<unknown[]>>(operations).map(([name, { pattern }]) => [name, pattern]),
  ) as Record<keyof Api, string>;
}

/** Typed entry: the payload type is inferred from `toWire` and checked against `fromWire`. */
export function operation<Args extends unknown[], Wire extends object>(
  pattern: string,
  toWire: (...args: Args) => Wire,
  fromWire: (payload: Wire) => Args,
  answersNothing?: true,
): Operation<Args> {
  return {
    pattern,
    toWire,
    fromWire: fromWire as (payload: never) => Args,
    ...(answersNothing ? { answersNothing } : {}),
  };
}

/** An operation whose answer the service may hold for `holdsMs` of its arguments (a long poll). */
export function longPoll<Args extends unknown[]>(
  held: Operation<Args>,
  holdsMs: (...args: Args) => number,
): Operation<Args> {
  return { ...held, holdsMs };
}
