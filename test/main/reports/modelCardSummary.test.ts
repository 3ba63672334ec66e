// Page 1 of the model card (the page QA signs): rendered to PNG with pdftoppm, its words read back with their boxes
// (`pdftotext -bbox`: the positions pdfkit wrote into the content stream) must not overlap; pdftotext finds the gate
// history (failures included), current and superseded signatures, the signed audit head and key fingerprint, and
// (anywhere in the card) every signature's statement of intent.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateModelGates, loadGatesFile, lockModel, recordModelMetrics, registerModel, signModel } from '../../../src-main/governance';
import { collectModelCardData, type ModelCardData } from '../../../src-main/reports/modelCard/collectModelCardData';
import { renderModelCard } from '../../../src-main/reports/modelCard/renderModelCard';
import { repoRoot } from '../../helpers/paths';
import {
  approvedReleasePolicy,
  createTeam,
  evaluationFor,
  loadFixture,
  makeBundle,
  openTempStore,
  passwords,
  removeTempDirs,
  tempDir,
} from '../governance/governanceFixtures';

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function wordsOnPage1(pdf: string): Word[] {
  const html = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!,
  }));
}

/** Pairs of words whose boxes intersect by more than a point both ways (a shared edge or the fonts' ascender slack is not an overlap). */
function overlaps(words: Word[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[i]!;
      const b = words[j]!;
      const w = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const h = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (w > 1 && h > 1) out.push([a.text, b.text]);
    }
  }
  return out;
}

let data: ModelCardData;
let pdf: string;
const flat = (text: string) => text.replace(/\s+/g, ' ');

beforeAll(async () => {
  const store = openTempStore('card');
  try {
    const team = createTeam(store);
    const spec = loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json'));
    approvedReleasePolicy(store, team, spec);
    const m = registerModel(store, team.eng, {
      name: 'cxr-vit',
      version: '1.0.0',
      ...makeBundle(path.join(tempDir('card-b'), 'b'), 'card'),
    });
    recordModelMetrics(store, team.eng, m.id, 'intendedUse', {
      use: 'Triage aid for adult frontal chest radiographs; not for paediatric use.',
    });
    recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-weak.json', m.bundleHash), 'external');
    recordModelMetrics(store, team.eng, m.id, 'thresholds', loadFixture('thresholds.json'));
    evaluateModelGates(store, team.eng, m.id, spec);
    signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
    signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
    recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
    evaluateModelGates(store, team.eng, m.id, spec);
    signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
    signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
    lockModel(store, team.qa, m.id);
    data = collectModelCardData(store, m.id);
    pdf = path.join(tempDir('card-out'), 'card.pdf');
    await renderModelCard(data, pdf);
  } finally {
    store.close();
  }
}, 120_000);
afterAll(removeTempDirs);

describe('model card page 1', () => {
  it('renders to PNG with no overlapping text', () => {
    const prefix = path.join(path.dirname(pdf), 'page');
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '72', '-png', pdf, prefix]);
    const png = fs.readdirSync(path.dirname(pdf)).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    expect(fs.statSync(path.join(path.dirname(pdf), png!)).size).toBeGreaterThan(10_000);
    const words = wordsOnPage1(pdf);
    expect(words.length).toBeGreaterThan(150);
    expect(overlaps(words)).toEqual([]);
    // The summary fits on page 1: page 2 starts with the first full section.
    expect(execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }).trimStart()).toMatch(
      /^Model card: cxr-vit 1\.0\.0\s+Generated [^\n]*\s+1\. Identity and integrity/,
    );
    if (process.env.HILUM_CARD_PNG_DIR) {
      fs.copyFileSync(path.join(path.dirname(pdf), png!), path.join(process.env.HILUM_CARD_PNG_DIR, 'card-page1.png'));
      fs.copyFileSync(pdf, path.join(process.env.HILUM_CARD_PNG_DIR, 'card.pdf'));
    }
  });

  it('shows the summary QA signs: banner, identity, gate history with the failure, signatures current and superseded, signed head, key', () => {
    const page1 = flat(execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' }));
    expect(page1).toMatch(/^ *SYNTHETIC DATA - not for clinical use/);
    expect(page1).toContain(data.model.bundleHash);
    expect(page1).toContain('Triage aid for adult frontal chest radiographs');
    expect(page1).toMatch(/Gate spec: research-minimal v1, approved by Quinn Quality/);
    expect(page1).toMatch(/Gate history \(2 evaluations, failures included/);
    expect(page1).toMatch(/research-minimal \(approved\) FAILED/);
    expect(page1).toMatch(/research-minimal \(approved\) PASSED/);
    expect(page1).toMatch(/Quinn Quality qa approved \S+ SUPERSEDED: the record/);
    expect(page1).toMatch(/Quinn Quality qa approved \S+ current/);
    expect(page1).toContain(data.signedHead!.hash);
    expect(page1).toContain(data.keyFingerprint!);
  });

  it('has no overlapping text on any page (forest plots and appendix included)', () => {
    const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const pages = html.split('<page ').slice(1);
    expect(pages.length).toBeGreaterThan(3);
    for (const [i, page] of pages.entries()) {
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
        (m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]! }),
      );
      expect(overlaps(words), `page ${i + 1}`).toEqual([]);
    }
    const all = flat(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
    expect(all).toMatch(/Macro AUROC, forest plot:/);
    expect(all).toMatch(/Appendix A\. Subgroup tables/);
    // Groups under 50 cases are flagged where they appear (the intersections, in the appendix tables).
    expect(all).toMatch(/F×80\+ 33 SMALL/);
  });

  it('prints every signature statement and the full gate history in the card', () => {
    const all = flat(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
    for (const s of data.signatures) expect(all).toContain(flat(s.statement!).slice(0, 120));
    expect(all).toMatch(/14\. Validation gates \(full history, failures included\)/);
    expect(all.match(/"research-minimal" \(the release policy's approved spec\)/g)).toHaveLength(2);
  });
  it('finds synthetic data through the lineage: an evaluated dataset whose folder says phantoms', () => {
    const store = openTempStore('card-lineage');
    try {
      const team = createTeam(store);
      store.sqlite
        .prepare(
          "INSERT INTO datasets (name, format, root_path, status, label_names_json, image_size, aspect, preprocessing_version, created_at) VALUES ('site-a', 'csv', '/data/phantoms-site-a', 'ready', '[]', 64, 'pad', 'v1', 't')",
        )
        .run();
      const m = registerModel(store, team.eng, {
        name: 'lineage',
        version: '1',
        ...makeBundle(path.join(tempDir('card-lineage-b'), 'b'), 'lineage'),
      });
      recordModelMetrics(
        store,
        team.eng,
        m.id,
        'evaluation',
        { model: { hash: m.bundleHash }, dataset: { name: 'site-a' }, metrics: {} },
        'external',
      );
      expect(collectModelCardData(store, m.id).syntheticIn).toEqual(['dataset site-a']);
    } finally {
      store.close();
    }
  });
});
