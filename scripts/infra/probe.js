// One readiness probe for scripts/infra: exits 0 when the server answers, 1 otherwise.
// It uses the application's own drivers, so "ready" means ready for the app.
//   node scripts/infra/probe.js mongo mongodb://127.0.0.1:27117/
//   node scripts/infra/probe.js kafka 127.0.0.1:19092
'use strict';

const [kind, address] = process.argv.slice(2);
const TIMEOUT_MS = 3000;

async function mongo(url) {
  const { MongoClient } = require('mongodb');
  const client = new MongoClient(url, { serverSelectionTimeoutMS: TIMEOUT_MS, connectTimeoutMS: TIMEOUT_MS });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

async function kafka(brokers) {
  const { Kafka, logLevel } = require('kafkajs');
  const topic = 'roster-infra-probe';
  const client = new Kafka({
    clientId: topic,
    brokers: brokers.split(','),
    connectionTimeout: TIMEOUT_MS,
    requestTimeout: TIMEOUT_MS,
    retry: { retries: 0 }, // up.sh retries the whole probe once a second
    logLevel: logLevel.NOTHING,
  });
  const admin = client.admin();
  // kafkajs refuses an idempotent producer without retries.
  const producer = client.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2 } });
  try {
    await admin.connect();
    // Listing metadata is not enough: a KRaft broker answers before it can create topics
    // or hand out producer ids. Exercise what the app needs on first use: topic creation,
    // an idempotent acks=-1 produce, and the group coordinator (creates __consumer_offsets).
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true, timeout: TIMEOUT_MS });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'ping' }] });
    await admin.describeGroups([topic]);
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

const probes = { mongo, kafka };
if (!probes[kind] || !address) {
  console.error('usage: probe.js mongo <url> | kafka <host:port[,host:port]>');
  process.exit(2);
}
probes[kind](address).then(
  () => process.exit(0),
  (err) => {
    console.error(`${kind} probe failed: ${err.message}`);
    process.exit(1);
  },
);
