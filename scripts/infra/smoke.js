// Smoke test of the servers from scripts/infra/up.sh, using the operations the Mongo
// read-model adapter and the Kafka publisher rely on. Reads .infra/env (or the environment).
//   node scripts/infra/smoke.js
// Known FerretDB v1 gaps (do not rely on them; real MongoDB differs): in an *unordered*
// bulkWrite of updates, the first failing op stops the batch, writeErrors carry the wrong
// index and counts are 0; a unique-index violation caused by an update (not an
// upsert-insert) comes back as code 1 with an SQLite message instead of 11000.
// insertMany({ordered:false}) and insertOne report E11000 correctly.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const { MongoClient } = require('mongodb');
const { Kafka, logLevel } = require('kafkajs');

const envFile = path.join(__dirname, '../../.infra/env');
const fileEnv = fs.existsSync(envFile)
  ? Object.fromEntries(
      fs
        .readFileSync(envFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/=(.*)/s)),
    )
  : {};
const MONGO_URL = process.env.MONGO_URL || fileEnv.MONGO_URL;
const KAFKA_BROKERS = process.env.KAFKA_BROKERS || fileEnv.KAFKA_BROKERS;

async function mongo() {
  const t0 = Date.now();
  const client = await MongoClient.connect(MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  const db = client.db(`smoke_${Date.now()}`);
  try {
    const users = db.collection('users');
    await users.createIndex({ tenantId: 1, userName: 1 }, { unique: true, name: 'uniq_user' });
    await users.createIndex({ tenantId: 1, createdAt: -1, _id: 1 });
    assert((await users.indexes()).some((i) => i.name === 'uniq_user' && i.unique));

    await users.insertOne({ _id: 'u0', tenantId: 't1', userName: 'alice', createdAt: 0 });
    assert.equal((await users.findOne({ _id: 'u0' })).userName, 'alice');
    await assert.rejects(users.insertOne({ _id: 'dup', tenantId: 't1', userName: 'alice' }), { code: 11000 });

    const upsert = (i, set) => ({ updateOne: { filter: { _id: `u${i}` }, update: { $set: set }, upsert: true } });
    const ids = Array.from({ length: 50 }, (_, k) => k + 1);
    let r = await users.bulkWrite(
      ids.map((i) => upsert(i, { tenantId: 't1', userName: `user${i}`, createdAt: i, v: 1 })),
      { ordered: false },
    );
    assert.equal(r.upsertedCount, 50);
    r = await users.bulkWrite(
      ids.map((i) => upsert(i, { v: 2 })),
      { ordered: false },
    );
    assert.equal(r.matchedCount, 50);
    assert.equal(r.modifiedCount, 50);
    r = await users.bulkWrite(
      [
        {
          replaceOne: {
            filter: { _id: 'u2' },
            replacement: { tenantId: 't1', userName: 'bob', createdAt: 2, v: 3 },
            upsert: true,
          },
        },
      ],
      { ordered: false },
    );
    assert.equal(r.matchedCount, 1);

    const page = await users
      .find({ tenantId: 't1', createdAt: { $gt: 20, $lte: 40 } })
      .sort({ createdAt: -1, _id: 1 })
      .limit(5)
      .toArray();
    assert.deepEqual(
      page.map((d) => d.createdAt),
      [40, 39, 38, 37, 36],
    );
    const byName = await users
      .find({ tenantId: 't1', userName: { $gte: 'user4', $lt: 'user5' } })
      .sort({ userName: 1 })
      .toArray();
    assert.deepEqual(
      byName.map((d) => d.userName),
      ['user4', ...Array.from({ length: 10 }, (_, k) => `user4${k}`)],
    );
    assert.equal(await users.countDocuments({ tenantId: 't1' }), 51);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
  console.log(`mongo ${MONGO_URL}: OK (${Date.now() - t0} ms)`);
}

async function kafka() {
  const t0 = Date.now();
  const k = new Kafka({ clientId: 'roster-smoke', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
  const topic = `smoke-${Date.now()}`;
  const admin = k.admin();
  const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = k.consumer({ groupId: topic });
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const messages = Array.from({ length: 10 }, (_, n) => ({ key: `user-${n % 3}`, value: JSON.stringify({ n }) }));
    await producer.send({ topic, acks: -1, messages });
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no messages consumed within 30 s')), 30000);
      consumer.run({
        eachMessage: async ({ message }) => {
          got.push(JSON.parse(message.value).n);
          if (got.length === messages.length) resolve(clearTimeout(timer));
        },
      });
    });
    assert.deepEqual(
      got.sort((a, b) => a - b),
      messages.map((_, n) => n),
    );
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  }
  console.log(`kafka ${KAFKA_BROKERS}: OK (${Date.now() - t0} ms)`);
}

(async () => {
  if (MONGO_URL) await mongo();
  if (KAFKA_BROKERS) await kafka();
  if (!MONGO_URL && !KAFKA_BROKERS) throw new Error('no MONGO_URL or KAFKA_BROKERS; run scripts/infra/up.sh first');
})().then(
  () => process.exit(0),
  (err) => {
    console.error('smoke FAILED:', err);
    process.exit(1);
  },
);
