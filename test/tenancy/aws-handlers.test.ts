/**
 * The Lambda handlers with the AWS SDK replaced by in-memory fakes (jest virtual modules, as in
 * aurora-bootstrap-handler.test.ts) and LiteLLM by the management API stand-in.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fakeAws } from './fakes/aws-sdk';
import { DEFAULT_MASTER_KEY, hashToken, LiteLLMManagementStandIn } from './standin/litellm-management';
import { allStrings, doc } from './support';
import { GATEWAY_ADMIN_HANDLER_DIR, GatewayAdminHandler } from '../../src/tenancy/lambdas';

/* eslint-disable @typescript-eslint/no-require-imports */
jest.mock('@aws-sdk/client-secrets-manager', () => require('./fakes/aws-sdk').secretsManagerModule, { virtual: true });
jest.mock('@aws-sdk/client-ecs', () => require('./fakes/aws-sdk').ecsModule, { virtual: true });
jest.mock('@aws-sdk/client-elasticache', () => require('./fakes/aws-sdk').elastiCacheModule, { virtual: true });
/* eslint-enable @typescript-eslint/no-require-imports */
// ElastiCache wants TLS; the fake Redis below speaks plain TCP on localhost.
let mockRedisPort = 0;
jest.mock('node:tls', () => ({ ...jest.requireActual('node:tls'), connect: () => jest.requireActual('node:net').connect(mockRedisPort, '127.0.0.1') }));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const handlers = require(`${GATEWAY_ADMIN_HANDLER_DIR}/index.js`);
const handler = (name: string): ((event: unknown, context?: unknown) => Promise<any>) => handlers[name.replace('index.', '')];

let gw: LiteLLMManagementStandIn;
let masterArn: string;
let logs: string[];
const context = { getRemainingTimeInMillis: () => 120_000 };

const awsDoc = (input: Parameters<typeof doc>[0] = {}) => doc({
  keys: [
    { feature: 'job-description-gen', models: ['chat'], tokensPerMinute: 50_000, secret: { store: 'aws-secrets-manager', id: 'llm-prod/keys/hiring/job-description-gen' } },
    { feature: 'cv-screen', tokensPerMinute: 20_000, secret: { store: 'aws-secrets-manager', id: 'llm-prod/keys/hiring/cv-screen' } },
  ],
  ...input,
});

/** Secrets Manager runs the four steps in order with one token (what AWS does on a rotation). */
async function rotate(name: string, secretId: string, token: string, steps = ['createSecret', 'setSecret', 'testSecret', 'finishSecret']): Promise<void> {
  if (steps[0] === 'createSecret') fakeAws.sm.startRotation(secretId, token);
  for (const Step of steps) await handler(name)({ SecretId: secretId, ClientRequestToken: token, Step }, context);
}

/**
 * A Redis that answers AUTH from the fake replication group's tokens (the handler's TLS connection lands on it),
 * and the group's AUTH token secret holding its one current token.
 */
async function startFakeRedis(): Promise<{ redis: net.Server; redisArn: string }> {
  const redis = net.createServer((socket) => {
    let buf = '';
    socket.on('data', (c) => {
      buf += c.toString();
      const m = /^\*2\r\n\$4\r\nAUTH\r\n\$(\d+)\r\n/.exec(buf);
      if (!m || buf.length < m[0].length + Number(m[1]) + 2) return;
      const token = buf.slice(m[0].length, m[0].length + Number(m[1]));
      socket.end(fakeAws.elasticache.tokens.includes(token) ? '+OK\r\n' : '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    });
  });
  await new Promise<void>((resolve) => redis.listen(0, '127.0.0.1', () => resolve()));
  mockRedisPort = (redis.address() as AddressInfo).port;
  process.env.REDIS_HOST = 'master.llm-prod.cache.amazonaws.com';
  process.env.REDIS_REPLICATION_GROUP_ID = 'llm-prod-redis';
  const redisArn = fakeAws.sm.create('llm-prod/redis-auth', 'a'.repeat(64));
  fakeAws.elasticache.tokens = ['a'.repeat(64)];
  return { redis, redisArn };
}

const closeServer = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

beforeEach(async () => {
  fakeAws.reset();
  gw = new LiteLLMManagementStandIn();
  process.env.ADMIN_URL = await gw.start();
  masterArn = fakeAws.sm.create('llm-prod/litellm-master-key', DEFAULT_MASTER_KEY);
  process.env.MASTER_KEY_SECRET_ARN = masterArn;
  process.env.GATEWAY_NAME = 'llm-prod';
  process.env.GRACE_PERIOD_SECONDS = '3600';
  process.env.ADMIN_RETRY_BASE_MS = '1';
  process.env.POLL_INTERVAL_MS = '1';
  process.env.ECS_CLUSTER = 'llm-prod';
  process.env.ECS_SERVICE = 'llm-prod-gateway';
  fakeAws.sm.create('llm-prod/keys/hiring/job-description-gen');
  fakeAws.sm.create('llm-prod/keys/hiring/cv-screen');
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => {
    logs.push(line);
  });
});
afterEach(async () => {
  await gw.stop();
  jest.restoreAllMocks();
});

describe('index.reconcile (aws_lambda_invocation)', () => {
  test('reads the master key from Secrets Manager, writes each key value as JSON, returns only state-safe fields', async () => {
    const result = await handler(GatewayAdminHandler.RECONCILE)(awsDoc());
    expect(result).toEqual({
      status: 'applied',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      team_id: 'hiring',
      counts: expect.objectContaining({ created: 2 }),
      keys: [{ key_alias: 'hiring/cv-screen', action: 'created' }, { key_alias: 'hiring/job-description-gen', action: 'created' }],
    });
    const stored = JSON.parse(fakeAws.sm.stageValue('llm-prod/keys/hiring/cv-screen', 'AWSCURRENT')!);
    expect(stored).toEqual({ api_key: expect.stringMatching(/^sk-[A-Za-z0-9]{48}$/), key_alias: 'hiring/cv-screen' });
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(stored.api_key));
    // The return value lands in Terraform state: no key value, no token hash.
    for (const s of allStrings(result)) {
      expect(s).not.toMatch(/^sk-/);
      expect(gw.keyByAlias('hiring/cv-screen')!.token).not.toBe(s);
    }
    expect(logs.join('\n')).not.toContain(stored.api_key);
    // Idempotent: the rerun adds no secret version.
    await handler(GatewayAdminHandler.RECONCILE)(awsDoc());
    expect(fakeAws.sm.versionCount('llm-prod/keys/hiring/cv-screen')).toBe(1);
  });

  test('a failed run fails the invocation (so the apply fails) with a message free of secrets', async () => {
    gw.inject('POST /key/generate', { status: 400, body: { error: { message: 'bad', type: 'bad_request_error', param: 'None', code: '400' } }, times: 5 });
    await expect(handler(GatewayAdminHandler.RECONCILE)(awsDoc())).rejects.toThrow(/^team hiring: hiring\/cv-screen: POST \/key\/generate -> HTTP 400: bad \| hiring\/job-description-gen/);
  });

  test('refuses a document for another gateway', async () => {
    await expect(handler(GatewayAdminHandler.RECONCILE)({ ...awsDoc(), gateway: 'llm-dev' })).rejects.toThrow(/for gateway "llm-dev", this reconciler serves llm-prod/);
    expect(gw.exchanges).toEqual([]);
  });

  test('during a master-key rotation it falls back to AWSPREVIOUS while old tasks still run', async () => {
    await rotate(GatewayAdminHandler.ROTATE_MASTER_KEY, masterArn, 'mk-rotation-1', ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const fresh = fakeAws.sm.stageValue(masterArn, 'AWSCURRENT')!;
    expect(fresh).not.toBe(DEFAULT_MASTER_KEY);
    gw.setTasks([[DEFAULT_MASTER_KEY], [fresh]]); // rolling restart in progress
    expect((await handler(GatewayAdminHandler.RECONCILE)(awsDoc())).status).toBe('applied');
    gw.setTasks([[DEFAULT_MASTER_KEY]]); // only old tasks answer: AWSPREVIOUS
    expect((await handler(GatewayAdminHandler.RECONCILE)(awsDoc())).status).toBe('applied');
  });
});

describe('index.rotateFeatureKey (Secrets Manager rotation)', () => {
  const SECRET = 'llm-prod/keys/hiring/cv-screen';

  beforeEach(async () => {
    await handler(GatewayAdminHandler.RECONCILE)(awsDoc());
  });

  const current = () => JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSCURRENT')!);

  test('four steps: new key with the same settings, alias moves, old key keeps working for the grace period', async () => {
    const old = current();
    const oldRow = gw.keyByAlias('hiring/cv-screen')!;
    fakeAws.sm.startRotation(SECRET, 'rot-1');
    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-1', Step: 'createSecret' });
    const pending = JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSPENDING')!);
    expect(pending.key_alias).toBe('hiring/cv-screen');
    expect(pending.api_key).not.toBe(old.api_key);
    expect(gw.keys.size).toBe(2); // createSecret touches only the secret

    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-1', Step: 'setSecret' });
    const next = gw.keys.get(hashToken(pending.api_key))!;
    expect(next).toMatchObject({ key_alias: 'hiring/cv-screen@pending', team_id: 'hiring', models: oldRow.models, tpm_limit: 20000 });
    expect(next.metadata).toEqual(oldRow.metadata);

    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-1', Step: 'testSecret' });
    // tested by authenticating AS the new key
    expect(gw.calls('GET /key/info').some((c) => Object.keys(c.query).length === 0 && c.status === 200)).toBe(true);

    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-1', Step: 'finishSecret' });
    expect(current().api_key).toBe(pending.api_key);
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(pending.api_key)); // alias stable on the active key
    const retired = gw.keys.get(hashToken(old.api_key))!;
    expect(retired.key_alias).toMatch(/^hiring\/cv-screen@retired-\d{14}$/);
    const graceLeft = Date.parse(retired.expires as string) - Date.now();
    expect(graceLeft).toBeGreaterThan(3500_000);
    expect(graceLeft).toBeLessThanOrEqual(3600_000);
    // both keys authenticate during the grace period
    const asKey = (k: string) => fetch(`${process.env.ADMIN_URL}/key/info`, { headers: { authorization: `Bearer ${k}` } }).then((r) => r.status);
    expect(await asKey(old.api_key)).toBe(200);
    expect(await asKey(pending.api_key)).toBe(200);
    // the reconciler sees a consistent state afterwards
    expect((await handler(GatewayAdminHandler.RECONCILE)(awsDoc())).counts).toMatchObject({ unchanged: 2, created: 0, replaced: 0 });
    expect(logs.join('\n')).not.toContain(pending.api_key);
  });

  test('a failed testSecret leaves the old key active with its alias and removes the new key', async () => {
    const old = current();
    fakeAws.sm.startRotation(SECRET, 'rot-2');
    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-2', Step: 'createSecret' });
    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-2', Step: 'setSecret' });
    const pending = JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSPENDING')!);
    // the gateway refuses the new key (e.g. a cache still without it, a misconfigured auth hook)
    gw.inject('GET /key/info', { status: 401, times: 5, when: (r) => r.bearer === pending.api_key, body: { error: { message: 'Authentication Error, Invalid proxy server token passed.', type: 'auth_error', param: 'None', code: '401' } } });
    await expect(handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-2', Step: 'testSecret' }))
      .rejects.toThrow(/testSecret failed for hiring\/cv-screen, the current key stays active: .*HTTP 401/);
    expect(current().api_key).toBe(old.api_key); // AWSCURRENT unchanged
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(old.api_key));
    expect(gw.keyByAlias('hiring/cv-screen')!.expires).toBeNull();
    expect(gw.keys.has(hashToken(pending.api_key))).toBe(false); // cleaned up
    // the next rotation starts clean
    gw.clearFaults();
    await rotate(GatewayAdminHandler.ROTATE_FEATURE_KEY, SECRET, 'rot-3');
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(current().api_key));
  });

  test('steps are safe to repeat, and finishSecret completes after a crash between its two LiteLLM calls', async () => {
    await rotate(GatewayAdminHandler.ROTATE_FEATURE_KEY, SECRET, 'rot-4', ['createSecret', 'createSecret', 'setSecret', 'setSecret', 'testSecret']);
    expect(fakeAws.sm.versionCount(SECRET)).toBe(2);
    expect([...gw.keys.values()].filter((k) => k.key_alias === 'hiring/cv-screen@pending')).toHaveLength(1);
    // crash: the old key was retired, the new one not yet promoted (reply of the second update lost)
    gw.inject('POST /key/update', { status: 503, times: 10, when: (r) => (r.body as any).key_alias === 'hiring/cv-screen' });
    await expect(handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-4', Step: 'finishSecret' })).rejects.toThrow(/HTTP 503/);
    expect(gw.keyByAlias('hiring/cv-screen')).toBeUndefined();
    // meanwhile the reconciler keeps its hands off
    const mid = await handler(GatewayAdminHandler.RECONCILE)(awsDoc());
    expect(mid.keys).toContainEqual({ key_alias: 'hiring/cv-screen', action: 'rotation-in-progress' });
    gw.clearFaults();
    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-4', Step: 'finishSecret' });
    await handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'rot-4', Step: 'finishSecret' });
    expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(current().api_key));
    expect([...gw.keys.values()].filter((k) => String(k.key_alias).startsWith('hiring/cv-screen@retired-'))).toHaveLength(1);
  });

  test('rejects events that are not part of a rotation', async () => {
    await expect(handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'nope', Step: 'setSecret' })).rejects.toThrow(/has no stage/);
    await expect(handler(GatewayAdminHandler.ROTATE_FEATURE_KEY)({ SecretId: SECRET, ClientRequestToken: 'nope', Step: 'explode' })).rejects.toThrow(/not a Secrets Manager rotation event/);
  });
});

describe('index.rotateMasterKey', () => {
  test('createSecret/setSecret/testSecret leave LiteLLM alone; finishSecret promotes and rolls the service once', async () => {
    fakeAws.sm.startRotation(masterArn, 'mk-1');
    await handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-1', Step: 'createSecret' });
    await handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-1', Step: 'setSecret' });
    await handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-1', Step: 'testSecret' });
    expect(gw.writes()).toEqual([]); // never /key/regenerate with new_master_key
    expect(fakeAws.sm.stageValue(masterArn, 'AWSCURRENT')).toBe(DEFAULT_MASTER_KEY);
    expect(fakeAws.sm.stageValue(masterArn, 'AWSPENDING')).toMatch(/^sk-[A-Za-z0-9]{48}$/);
    expect(fakeAws.ecs.updates).toEqual([]);
    await handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-1', Step: 'finishSecret' });
    expect(fakeAws.sm.stageValue(masterArn, 'AWSCURRENT')).not.toBe(DEFAULT_MASTER_KEY);
    expect(fakeAws.sm.stageValue(masterArn, 'AWSPREVIOUS')).toBe(DEFAULT_MASTER_KEY);
    expect(fakeAws.ecs.updates).toEqual([{ cluster: 'llm-prod', service: 'llm-prod-gateway', forceNewDeployment: true }]);
    // a retried finishSecret does not restart again
    await handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-1', Step: 'finishSecret' });
    expect(fakeAws.ecs.updates).toHaveLength(1);
  });

  test('testSecret fails while the gateway is unreachable: nothing is promoted or restarted', async () => {
    fakeAws.sm.startRotation(masterArn, 'mk-2');
    await handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-2', Step: 'createSecret' });
    await gw.stop();
    await expect(handler(GatewayAdminHandler.ROTATE_MASTER_KEY)({ SecretId: masterArn, ClientRequestToken: 'mk-2', Step: 'testSecret' })).rejects.toThrow(/unreachable: ECONNREFUSED/);
    expect(fakeAws.sm.stageValue(masterArn, 'AWSCURRENT')).toBe(DEFAULT_MASTER_KEY);
    expect(fakeAws.ecs.updates).toEqual([]);
    await gw.start();
  });
});

describe('index.rotateRedisAuthToken', () => {
  let redis: net.Server;
  let redisArn: string;
  beforeEach(async () => {
    ({ redis, redisArn } = await startFakeRedis());
  });
  afterEach(() => closeServer(redis));

  test('ROTATE keeps both tokens valid, the gateway rolls, then SET drops the old token', async () => {
    await rotate(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN, redisArn, 'rt-1', ['createSecret', 'setSecret']);
    const fresh = fakeAws.sm.stageValue(redisArn, 'AWSPENDING')!;
    expect(fresh).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(fakeAws.elasticache.tokens).toEqual(['a'.repeat(64), fresh]);
    expect(fakeAws.elasticache.modifications).toEqual([{ strategy: 'ROTATE' }]);
    await rotate(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN, redisArn, 'rt-1', ['setSecret', 'testSecret']);
    expect(fakeAws.elasticache.modifications).toHaveLength(1); // setSecret repeated: no second ROTATE
    await handler(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN)({ SecretId: redisArn, ClientRequestToken: 'rt-1', Step: 'finishSecret' }, context);
    expect(fakeAws.sm.stageValue(redisArn, 'AWSCURRENT')).toBe(fresh);
    expect(fakeAws.ecs.updates).toEqual([{ cluster: 'llm-prod', service: 'llm-prod-gateway', forceNewDeployment: true }]);
    expect(fakeAws.elasticache.modifications).toEqual([{ strategy: 'ROTATE' }, { strategy: 'SET' }]);
    expect(fakeAws.elasticache.tokens).toEqual([fresh]);
    // retried finishSecret: no second restart, no second SET
    await handler(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN)({ SecretId: redisArn, ClientRequestToken: 'rt-1', Step: 'finishSecret' }, context);
    expect(fakeAws.ecs.updates).toHaveLength(1);
    expect(fakeAws.elasticache.modifications).toHaveLength(2);
  });

  test('testSecret fails when Redis refuses the new token; the current token stays AWSCURRENT', async () => {
    await rotate(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN, redisArn, 'rt-2', ['createSecret', 'setSecret']);
    fakeAws.elasticache.tokens = ['a'.repeat(64)]; // the modification did not take
    await expect(handler(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN)({ SecretId: redisArn, ClientRequestToken: 'rt-2', Step: 'testSecret' }, context)).rejects.toThrow(/refuses the new AUTH token/);
    expect(fakeAws.sm.stageValue(redisArn, 'AWSCURRENT')).toBe('a'.repeat(64));
    expect(fakeAws.ecs.updates).toEqual([]);
  });

  test('finishSecret waits for the rollout and defers SET when it does not finish in time', async () => {
    await rotate(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN, redisArn, 'rt-3', ['createSecret', 'setSecret', 'testSecret']);
    fakeAws.ecs.describesUntilComplete = 1_000_000;
    await expect(handler(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN)({ SecretId: redisArn, ClientRequestToken: 'rt-3', Step: 'finishSecret' }, { getRemainingTimeInMillis: () => 30_100 }))
      .rejects.toThrow(/still in progress; the step will be retried/);
    expect(fakeAws.elasticache.tokens).toHaveLength(2); // old token still valid for old tasks
    fakeAws.ecs.describesUntilComplete = 0;
    await handler(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN)({ SecretId: redisArn, ClientRequestToken: 'rt-3', Step: 'finishSecret' }, context);
    expect(fakeAws.elasticache.tokens).toEqual([fakeAws.sm.stageValue(redisArn, 'AWSCURRENT')]);
    expect(fakeAws.ecs.updates).toHaveLength(1);
  });
});

/*
 * With rotate_immediately = false (every rotation schedule the platform creates), Secrets Manager does not rotate
 * when rotation is configured: "Secrets Manager tests the rotation configuration by running the testSecret step of
 * the Lambda rotation function. The test creates an AWSPENDING version of the secret and then removes it"
 * (RotateSecret API reference, RotateImmediately). So testSecret arrives alone, with the token of an AWSPENDING
 * version that holds no value (`startRotation` models exactly that version): it must test the value in use.
 */
describe('configuration-time testSecret (rotate_immediately = false)', () => {
  const configurationTest = (name: string, secretId: string, token: string, ctx: unknown = context) => {
    fakeAws.sm.startRotation(secretId, token);
    return handler(name)({ SecretId: secretId, ClientRequestToken: token, Step: 'testSecret' }, ctx);
  };

  describe('index.rotateFeatureKey', () => {
    const SECRET = 'llm-prod/keys/hiring/cv-screen';

    test('tests the current key against LiteLLM and changes nothing', async () => {
      // GIVEN the reconciler wrote the first value (the schedule is created after it)
      await handler(GatewayAdminHandler.RECONCILE)(awsDoc());
      const current = JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSCURRENT')!);
      const writesBefore = gw.writes().length;
      const keysBefore = new Map(gw.keys);
      // WHEN Secrets Manager tests the configuration
      await expect(configurationTest(GatewayAdminHandler.ROTATE_FEATURE_KEY, SECRET, 'cfg-1')).resolves.toBeUndefined();
      // THEN the current key was checked by authenticating as it, and nothing was created, changed or deleted
      expect(gw.calls('GET /key/info').filter((c) => Object.keys(c.query).length === 0 && c.status === 200).length).toBeGreaterThan(0);
      expect(gw.writes()).toHaveLength(writesBefore);
      expect(new Map(gw.keys)).toEqual(keysBefore);
      expect(JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSCURRENT')!)).toEqual(current);
      expect(fakeAws.sm.stageValue(SECRET, 'AWSPENDING')).toBeUndefined();
      expect(logs.join('\n')).toContain('rotation-configuration-test');
      expect(logs.join('\n')).not.toContain(current.api_key);
      // AND a later scheduled rotation (a new token) runs all four steps as usual
      await rotate(GatewayAdminHandler.ROTATE_FEATURE_KEY, SECRET, 'rot-after-cfg');
      expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSCURRENT')!).api_key));
    });

    test('fails the configuration (not a TypeError) when LiteLLM refuses the current key, and never deletes it', async () => {
      await handler(GatewayAdminHandler.RECONCILE)(awsDoc());
      const current = JSON.parse(fakeAws.sm.stageValue(SECRET, 'AWSCURRENT')!);
      gw.inject('GET /key/info', { status: 401, times: 5, when: (r) => r.bearer === current.api_key, body: { error: { message: 'Authentication Error', type: 'auth_error', param: 'None', code: '401' } } });
      const err = await configurationTest(GatewayAdminHandler.ROTATE_FEATURE_KEY, SECRET, 'cfg-2').catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(TypeError);
      expect((err as Error).message).toMatch(/^rotation configuration test failed for hiring\/cv-screen: .*HTTP 401/);
      expect((err as Error).message).not.toContain(current.api_key);
      expect(gw.keyByAlias('hiring/cv-screen')!.token).toBe(hashToken(current.api_key));
      expect(gw.writes().filter((w) => w.route === 'POST /key/delete')).toEqual([]);
    });

    test('says what is missing when the secret holds no key yet', async () => {
      // (no reconcile: the secret exists without a value)
      await expect(configurationTest(GatewayAdminHandler.ROTATE_FEATURE_KEY, SECRET, 'cfg-3')).rejects.toThrow(/^rotation configuration test: the current secret value holds no key yet/);
    });
  });

  describe('index.rotateMasterKey', () => {
    test('checks that the gateway accepts the current master key; no restart, no write', async () => {
      await expect(configurationTest(GatewayAdminHandler.ROTATE_MASTER_KEY, masterArn, 'cfg-m1')).resolves.toBeUndefined();
      expect(gw.calls('GET /team/info').map((c) => c.status)).toEqual([404]); // authenticated, then "no such team"
      expect(gw.writes()).toEqual([]);
      expect(fakeAws.ecs.updates).toEqual([]);
      expect(fakeAws.sm.stageValue(masterArn, 'AWSCURRENT')).toBe(DEFAULT_MASTER_KEY);
    });

    test('fails the configuration while the gateway is unreachable', async () => {
      await gw.stop();
      await expect(configurationTest(GatewayAdminHandler.ROTATE_MASTER_KEY, masterArn, 'cfg-m2')).rejects.toThrow(/unreachable: ECONNREFUSED/);
      expect(fakeAws.ecs.updates).toEqual([]);
      await gw.start();
    });
  });

  describe('index.rotateRedisAuthToken', () => {
    let redis: net.Server;
    let redisArn: string;
    beforeEach(async () => {
      ({ redis, redisArn } = await startFakeRedis());
    });
    afterEach(() => closeServer(redis));

    test('authenticates with the current token; no ElastiCache change, no restart', async () => {
      await expect(configurationTest(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN, redisArn, 'cfg-r1')).resolves.toBeUndefined();
      expect(fakeAws.elasticache.modifications).toEqual([]);
      expect(fakeAws.ecs.updates).toEqual([]);
      expect(fakeAws.elasticache.tokens).toEqual(['a'.repeat(64)]);
    });

    test('fails the configuration when Redis refuses the current token', async () => {
      fakeAws.elasticache.tokens = ['b'.repeat(64)];
      await expect(configurationTest(GatewayAdminHandler.ROTATE_REDIS_AUTH_TOKEN, redisArn, 'cfg-r2')).rejects.toThrow(/^rotation configuration test: redis llm-prod-redis refuses the current AUTH token$/);
      expect(fakeAws.elasticache.modifications).toEqual([]);
    });
  });
});
