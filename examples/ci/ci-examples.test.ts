// The example CI files (examples/ci/) are valid for the systems they are written for: each is
// checked against that system's published schema as an npm package provides it. GitHub Actions:
// SchemaStore's github-workflow schema, inside @action-validator/core (its validator is WebAssembly,
// so the schema cannot be handed to ajv). GitLab CI: GitLab's own ci.json, as gitlab-ci-local 4.64
// ships it (src/schema/schema.js; later releases bundle it), compiled with the project's ajv the way
// gitlab-ci-local does. Each validator is also shown a broken copy, so this test can fail.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (file: string) => readFileSync(path.join(here, file), 'utf8');

const GITHUB = ['github/dinie-conformance-gate.yml', 'github/dinie-conformance-nightly.yml'];
const GITLAB = 'gitlab/.gitlab-ci.yml';

function githubErrors(text: string): string[] {
  return validateWorkflow(text).errors.map((e) => `${'path' in e ? e.path : ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`);
}

describe('GitHub Actions examples (SchemaStore github-workflow schema)', () => {
  it.each(GITHUB)('%s is a valid workflow', (file) => {
    expect(githubErrors(read(file))).toEqual([]);
  });

  it.each([
    ['a job without runs-on', '    runs-on: ubuntu-latest\n', ''],
    ['a step key that does not exist', '      - uses: actions/checkout@v4', '      - usess: actions/checkout@v4'],
    ['an event that does not exist', '  pull_request:\n', '  pull_requests:\n'],
  ])('a workflow with %s is refused', (_what, from, to) => {
    const broken = read(GITHUB[0]!).replace(from, to);
    expect(broken).not.toBe(read(GITHUB[0]!));
    expect(githubErrors(broken).length).toBeGreaterThan(0);
  });
});

describe('GitLab CI example (GitLab ci.json)', () => {
  let validate: ValidateFunction;
  beforeAll(async () => {
    // No types ship with it: the module is a plain object export.
    const specifier = 'gitlab-ci-local/src/schema/schema.js';
    const { schema } = (await import(specifier)) as { schema: object };
    // As gitlab-ci-local compiles it: the schema has union types and an editor-only keyword.
    validate = new Ajv({ allErrors: true, allowUnionTypes: true, validateFormats: false, strictTypes: false, keywords: ['markdownDescription'] }).compile(
      schema,
    );
  });
  const errors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

  it(`${GITLAB} is a valid pipeline`, () => {
    const doc = parse(read(GITLAB)) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['conformance-gate', 'conformance-nightly']));
    expect(errors(doc)).toEqual([]);
  });

  it.each([
    ['an unknown when', (job: Record<string, any>) => (job.when = 'sometimes')],
    ['a misspelt keyword', (job: Record<string, any>) => ((job.scripts = job.script), delete job.script)],
    ['a JUnit report that is not a path', (job: Record<string, any>) => (job.artifacts.reports.junit = 5)],
  ])('a pipeline with %s is refused', (_what, breakJob) => {
    const doc = parse(read(GITLAB)) as Record<string, Record<string, any>>;
    breakJob(doc['conformance-gate']!);
    expect(errors(doc).length).toBeGreaterThan(0);
  });
});

describe('the examples run the suite as documented', () => {
  const all = [...GITHUB, GITLAB].map((f) => [f, read(f)] as const);

  it.each(all)('%s takes the credentials from secrets, never from the file', (_f, text) => {
    expect(text).toMatch(/DINIE_CLIENT_SECRET/);
    expect(text).not.toMatch(/dinie_cs_|whsec_/);
  });

  it('the gates run the test command against the sandbox and hand junit.xml to the CI system', () => {
    const gate = read(GITHUB[0]!);
    expect(gate).toMatch(/dinie-conformance@\$\{DINIE_CONFORMANCE_VERSION\}" test --target=sandbox/);
    expect(gate).toMatch(/report_paths: reports\/junit\.xml/);
    const gitlab = parse(read(GITLAB)) as Record<string, any>;
    expect(gitlab['conformance-gate'].script.join('\n')).toMatch(/test --target=sandbox/);
    expect(gitlab['conformance-gate'].artifacts.reports.junit).toBe('reports/junit.xml');
  });

  it('the nightly runs compare with the previous night and keep HTML, Allure and its history', () => {
    const nightly = read(GITHUB[1]!);
    const gitlab = parse(read(GITLAB)) as Record<string, any>;
    const gitlabNightly = gitlab['conformance-nightly'];
    for (const text of [nightly, gitlabNightly.script.join('\n')]) {
      expect(text).toMatch(/--compare previous\/conformance\.json/);
      expect(text).toMatch(/cp reports\/allure-history\.jsonl previous\//);
    }
    expect(parse(nightly).on.schedule).toHaveLength(1);
    expect(gitlabNightly.rules[0].if).toMatch(/CI_PIPELINE_SOURCE == "schedule"/);
    for (const kept of ['reports/conformance.html', 'reports/allure-report/', 'reports/allure-history.jsonl']) {
      expect(nightly).toContain(kept);
      expect(gitlabNightly.artifacts.paths).toContain(kept);
    }
  });

  it('the package version they pin is this package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(here, '../../package.json'), 'utf8')) as { version: string };
    expect(read(GITHUB[0]!)).toContain(`DINIE_CONFORMANCE_VERSION: ${version}`);
    expect(read(GITHUB[1]!)).toContain(`DINIE_CONFORMANCE_VERSION: ${version}`);
    expect((parse(read(GITLAB)) as any).variables.DINIE_CONFORMANCE_VERSION).toBe(version);
  });
});
