import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificationRefusal, verifyCertificationPackage, writeCertificationPackage } from './certify.js';
import { renderHtml } from './html/render.js';
import { syntheticReport, syntheticResult } from './testing.js';

const passing = () =>
  syntheticReport([
    syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
    syntheticResult('CUST-B', 'customers', 'MUST', 'passed'),
    syntheticResult('RATE-C', 'rate-limits', 'SHOULD', 'warning'),
  ]);

async function pkg() {
  const root = await mkdtemp(path.join(tmpdir(), 'cert-'));
  const contract = path.join(root, 'dinie-v3.yaml');
  await writeFile(contract, 'openapi: 3.1.0\ninfo: {title: Dinie, version: 3.0.0}\n');
  const report = passing();
  const dir = await writeCertificationPackage({
    report,
    jsonText: JSON.stringify(report, null, 2),
    htmlText: renderHtml(report),
    contractPath: contract,
    root: path.join(root, 'certification'),
    now: new Date('2026-11-23T12:00:00Z'),
  });
  return dir;
}

describe('certification', () => {
  it('refuses when a MUST failed or could not be checked, or with --only', () => {
    expect(certificationRefusal(passing())).toBeNull();
    expect(certificationRefusal(syntheticReport())).toMatch(/1 MUST requirement\(s\) failed: CUST-CONFLICT-409/);
    expect(certificationRefusal(syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'skipped')]))).toMatch(/could not be checked/);
    // A skipped MUST refuses certification even when the target declares the lack (the run passes, incomplete).
    const declared = syntheticReport(
      [
        syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
        syntheticResult('AUTH-EXPIRES', 'auth', 'MUST', 'skipped', { message: 'no clock', lacks: ['clock'] }),
      ],
      { target: { name: 'sandbox', baseUrl: 'https://sandbox.example/v3', capabilities: ['stateful'], declaredLacks: ['clock'] } },
    );
    expect(declared.verdict).toMatchObject({ status: 'incomplete', passed: true });
    expect(certificationRefusal(declared)).toBe(
      'the run is incomplete: 1 MUST requirement(s) could not be checked on this target (1 needs clock (declared: the target cannot)): AUTH-EXPIRES',
    );
    expect(certificationRefusal(syntheticReport(passing().requirements, { errors: ['suites/x.test.ts: boom'] }))).toMatch(
      /incomplete: 1 error\(s\) outside any check/,
    );
    const only = passing();
    only.options.only = ['auth'];
    expect(certificationRefusal(only)).toMatch(/--only/);
  });

  it('writes no package for a failing run', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'cert-'));
    await expect(
      writeCertificationPackage({
        report: syntheticReport(),
        jsonText: '{}',
        htmlText: '',
        contractPath: 'x',
        root,
      }),
    ).rejects.toThrow(/not certified/);
  });

  it('writes a package whose manifest verifies', async () => {
    const dir = await pkg();
    expect(path.basename(dir)).toBe('local-2026-11-23');
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual(['conformance.html', 'conformance.json', 'exchanges.json']);
    expect(manifest.contract.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.suite).toEqual({ name: 'dinie-conformance', version: '0.1.0' });
    expect(await verifyCertificationPackage(dir)).toMatchObject({ ok: true, problems: [] });
  });

  it('detects a tampered file', async () => {
    const dir = await pkg();
    const file = path.join(dir, 'exchanges.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('cust_', 'cust-'));
    const v = await verifyCertificationPackage(dir);
    expect(v.ok).toBe(false);
    expect(v.problems.join()).toMatch(/exchanges.json was changed/);
  });

  it('detects a verdict that its requirements do not support, even with consistent hashes', async () => {
    const dir = await pkg();
    const jsonFile = path.join(dir, 'conformance.json');
    const report = JSON.parse(await readFile(jsonFile, 'utf8'));
    report.requirements[0].outcome = 'failed';
    report.requirements[0].message = 'broken';
    const text = JSON.stringify(report);
    await writeFile(jsonFile, text);
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.files['conformance.json'] = (await import('./certify.js')).sha256(text);
    await writeFile(manifestFile, JSON.stringify(manifest));
    const v = await verifyCertificationPackage(dir);
    expect(v.ok).toBe(false);
    expect(v.problems.join()).toMatch(/counts|verdict/);
  });

  it('recomputes completeness: a package claiming a passed, complete verdict over a skipped MUST is refused', async () => {
    const dir = await pkg();
    const jsonFile = path.join(dir, 'conformance.json');
    const report = JSON.parse(await readFile(jsonFile, 'utf8'));
    report.requirements[0].outcome = 'skipped';
    report.requirements[0].message = 'no clock';
    report.requirements[0].lacks = ['clock'];
    report.target.declaredLacks = ['clock'];
    report.counts = (await import('./verdict.js')).countResults(report.requirements);
    const text = JSON.stringify(report);
    await writeFile(jsonFile, text);
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.files['conformance.json'] = (await import('./certify.js')).sha256(text);
    await writeFile(manifestFile, JSON.stringify(manifest));
    const v = await verifyCertificationPackage(dir);
    expect(v.ok).toBe(false);
    expect(v.problems.join('\n')).toMatch(/the verdict in conformance.json does not match its requirements \(status, conforming, complete, mustSkipped\)/);
    expect(v.problems.join('\n')).toMatch(/refuses certification: the run is incomplete: 1 MUST requirement\(s\) could not be checked/);
  });

  it('detects a missing manifest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cert-'));
    expect((await verifyCertificationPackage(dir)).ok).toBe(false);
  });
});
