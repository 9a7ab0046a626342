import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { revisionPath } from '../spec/revisions.js';
import { helpText, OPTION_TABLE, parseOptions } from './options.js';

const parse = (args: string[], env: Record<string, string> = {}) => parseOptions(args, env);

describe('CLI options', () => {
  it('has defaults: local target, random seed, 50 runs, reports/', () => {
    const o = parse(['conformance']);
    expect(o).toMatchObject({
      command: 'conformance',
      target: 'local',
      runs: 50,
      reportDir: 'reports',
      strict: false,
      faults: [],
      only: [],
      seedDrawn: true,
      deadlineS: 900,
    });
    expect(o.skipAllurePage).toBe(false);
    expect(parse(['conformance', '--skip-allure-page']).skipAllurePage).toBe(true);
    expect(parse(['conformance'], { DINIE_SKIP_ALLURE_PAGE: '1' }).skipAllurePage).toBe(true);
    expect(parse(['conformance', '--deadline', '60']).deadlineS).toBe(60);
    expect(parse(['conformance'], { DINIE_DEADLINE: '20' }).deadlineS).toBe(20);
    expect(Number.isInteger(o.seed)).toBe(true);
  });

  it('reads every option from flags, and from the environment when the flag is absent', () => {
    const flags = parse([
      'test',
      '--target=http://127.0.0.1:9/v3',
      '--seed',
      '7',
      '--runs=3',
      '--only=auth,CUST-CREATE-LOCATION',
      '--timeout',
      '900',
      '--report-dir',
      'out',
      '--strict',
      '--webhook-url',
      'https://x.example/hook',
      '--webhook-port',
      '4100',
    ]);
    expect(flags).toMatchObject({
      command: 'test',
      target: 'http://127.0.0.1:9/v3',
      seed: 7,
      seedDrawn: false,
      runs: 3,
      onlyAreas: ['auth'],
      onlyIds: ['CUST-CREATE-LOCATION'],
      timeoutMs: 900,
      reportDir: 'out',
      strict: true,
      webhookUrl: 'https://x.example/hook',
      webhookPort: 4100,
    });
    const fromEnv = parse(['conformance'], {
      DINIE_TARGET: 'local',
      DINIE_SEED: '9',
      DINIE_RUNS: '4',
      DINIE_ONLY: 'pagination',
      DINIE_STRICT: '1',
      DINIE_FAULTS: 'location-missing,order-ignored',
      DINIE_AUTO: 'true',
      DINIE_REPORT_DIR: 'r',
      DINIE_TIMEOUT: '100',
    });
    expect(fromEnv).toMatchObject({
      seed: 9,
      runs: 4,
      onlyAreas: ['pagination'],
      strict: true,
      faults: ['location-missing', 'order-ignored'],
      auto: true,
      reportDir: 'r',
      timeoutMs: 100,
    });
    expect(parse(['conformance', '--seed=1'], { DINIE_SEED: '9' }).seed).toBe(1);
    expect(parse(['conformance', '--fault', 'location-missing', '--fault', 'order-ignored']).faults).toEqual(['location-missing', 'order-ignored']);
  });

  it('turns bad configuration into one sentence', () => {
    const bad: [string[], RegExp][] = [
      [['conformance', '--only=custmers'], /Unknown area "custmers" in --only/],
      [['conformance', '--fault=nope'], /Unknown fault "nope"/],
      [['conformance', '--fault=location-missing', '--target=sandbox'], /only applies to the local/],
      [['conformance', '--runs=0'], /--runs must be an integer/],
      [['conformance', '--seed=abc'], /--seed must be an integer/],
      [['conformance', '--deadline=0'], /--deadline \(seconds\) must be an integer between 1 and 604800/],
      [['conformance', '--baseline=/no/such/file.json'], /does not exist/],
      [['conformance', '--bogus'], /Unknown option '--bogus'; see --help/],
      [['conformance', '--runs', '-1'], /^--runs was given "-1", which starts with a dash: write --runs=-1 if that is its value; see --help\.$/],
      [['conformance', '--runs=-1'], /--runs must be an integer/],
      [['deploy'], /Unknown command "deploy"/],
      [['certify', '--only=auth'], /drop --only/],
      [['certify', '--runs=5'], /drop --runs/],
      [['conformance', '--verify=/tmp'], /belongs to certify/],
    ];
    for (const [args, msg] of bad) {
      let err: Error | undefined;
      try {
        parse(args);
      } catch (e) {
        err = e as Error;
      }
      expect(err?.name, args.join(' ')).toBe('ConfigError');
      expect(err?.message).toMatch(msg);
      expect(err?.message.split('\n')).toHaveLength(1);
    }
  });

  it('--contract docs|sdk|PATH (DINIE_CONTRACT) chooses the contract, docs by default; --spec (DINIE_SPEC) is its alias', () => {
    expect(parse(['conformance']).contract).toBe(revisionPath('docs'));
    expect(parse(['conformance', '--contract', 'sdk']).contract).toBe(revisionPath('sdk'));
    expect(parse(['conformance', '--contract=docs']).contract).toBe(revisionPath('docs'));
    expect(parse(['conformance'], { DINIE_CONTRACT: 'sdk' }).contract).toBe(revisionPath('sdk'));
    const mine = path.join(mkdtempSync(path.join(tmpdir(), 'contract-')), 'next.yaml');
    copyFileSync(revisionPath('sdk'), mine);
    expect(parse(['conformance', `--contract=${mine}`]).contract).toBe(mine);
    // The alias takes the same values, from the flag or its variable.
    expect(parse(['conformance', '--spec', 'sdk']).contract).toBe(revisionPath('sdk'));
    expect(parse(['conformance', '--spec', path.relative(process.cwd(), revisionPath('sdk'))]).contract).toBe(revisionPath('sdk'));
    expect(parse(['conformance'], { DINIE_SPEC: mine }).contract).toBe(mine);
    // Both naming the same document is fine; a flag wins over either variable.
    expect(parse(['conformance', '--contract=sdk', `--spec=${revisionPath('sdk')}`]).contract).toBe(revisionPath('sdk'));
    expect(parse(['conformance', '--contract=docs'], { DINIE_CONTRACT: 'sdk', DINIE_SPEC: mine }).contract).toBe(revisionPath('docs'));
    expect(parse(['conformance', '--spec=sdk'], { DINIE_CONTRACT: 'docs' }).contract).toBe(revisionPath('sdk'));
  });

  it('refuses an unknown contract, and --contract and --spec naming different ones, in one sentence', () => {
    const bad: [string[], Record<string, string>, string][] = [
      [['conformance', '--contract=beta'], {}, "--contract: Unknown contract 'beta': choose docs, sdk or the path of an OpenAPI document."],
      [
        ['conformance', '--contract=./nowhere/next.yaml'],
        {},
        '--contract: Contract file ./nowhere/next.yaml does not exist: choose docs, sdk or the path of an OpenAPI document.',
      ],
      [
        ['conformance', '--spec=/no/such/file.yaml'],
        {},
        '--spec: Contract file /no/such/file.yaml does not exist: choose docs, sdk or the path of an OpenAPI document.',
      ],
      [['conformance'], { DINIE_CONTRACT: 'v4' }, "DINIE_CONTRACT: Unknown contract 'v4': choose docs, sdk or the path of an OpenAPI document."],
      [
        ['conformance', '--contract=sdk', '--spec=docs'],
        {},
        '--contract sdk and --spec docs name different contracts: give one (--spec is an alias of --contract).',
      ],
      [
        ['conformance'],
        { DINIE_CONTRACT: 'docs', DINIE_SPEC: 'sdk' },
        'DINIE_CONTRACT docs and DINIE_SPEC sdk name different contracts: give one (DINIE_SPEC is an alias of DINIE_CONTRACT).',
      ],
    ];
    for (const [args, env, message] of bad) {
      let err: Error | undefined;
      try {
        parse(args, env);
      } catch (e) {
        err = e as Error;
      }
      expect(err?.name, args.join(' ')).toBe('ConfigError');
      expect(err?.message).toBe(message);
    }
  });

  it('lists every option with its environment variable in --help', () => {
    const text = helpText();
    for (const o of OPTION_TABLE) {
      expect(text).toContain(o.flag);
      if (o.env) expect(text).toContain(o.env);
    }
    expect(parse(['--help']).help).toBe(true);
    expect(text).toMatch(/--contract docs\|sdk\|PATH +DINIE_CONTRACT +the contract revision/);
    expect(text).toMatch(/--spec PATH +DINIE_SPEC +alias of --contract/);
  });
});
