import type { IHeaders } from 'kafkajs';

export interface CloudEventAttributes {
  /** Unique per event: consumers de-duplicate on it, since delivery is at-least-once. */
  id: string;
  type: string;
  source: string;
  time: Date;
}

/** CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes in `ce_` headers, data in the value. */
export function cloudEventHeaders({ id, type, source, time }: CloudEventAttributes): IHeaders {
  return {
    ce_specversion: '1.0',
    ce_id: id,
    ce_type: type,
    ce_source: source,
    ce_time: time.toISOString(),
    'content-type': 'application/json',
  };
}
