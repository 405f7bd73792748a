/** What a command answers: its result and where its last event landed (the consistency token). */
export interface Written<T> {
  value: T;
  /** Global position of the last event, as a decimal string (bigint-safe on any transport). */
  position: string;
  /** The user stream's revision after the command (the ETag). */
  revision: number;
}
