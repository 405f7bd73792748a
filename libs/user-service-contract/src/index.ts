// What the gateway and the user-service share: the ports, their records and inputs, the TCP wire (one map of
// operations per port: pattern, payload, answer; the error codec) and the signing of the internal hop. It loads no store driver and no handler.
export * from './user-service-api';
export * from './user-record';
export * from './user-history';
export * from './written';
export * from './changes';
export * from './health-report';
export * from './egov-user-api';
export * from './service-errors';
export * from './rpc-errors';
export * from './operations';
export * from './user-service.operations';
export * from './egov-user.operations';
export * from './internal-hop';
