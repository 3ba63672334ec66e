#!/usr/bin/python3
"""Reference baseline for `hilum compare`: a scikit-learn logistic regression on the same cached pixels.

Reads a stored dataset's patient split straight from a Hilum data directory (SQLite rows and the pixel
cache, format in src-worker/datasets/pixelCache.ts), fits one L2-regularised logistic regression per label
on the `train` split (pixels standardised with the training split's mean and SD, C chosen on `val` from a
small grid by AUROC), and writes the `test` (or --split) predictions as a CSV keyed by Hilum image id:

    /usr/bin/python3 bench/logregBaseline.py --data-dir <dir> --dataset kermany-pediatric --out logreg.csv
    hilum compare --model <bundle> --model logreg.csv --dataset kermany-pediatric --json

Python is a reference only (Debian's /usr/bin/python3 with scikit-learn); Hilum never runs it.
"""
import argparse
import csv
import json
import os
import sqlite3
import struct

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def read_cache(cache_dir, key):
    with open(os.path.join(cache_dir, key[:2], key + '.f32'), 'rb') as f:
        data = f.read()
    if data[:8] != b'HLMPX001':
        raise SystemExit(f'{key}: not a Hilum cache entry')
    (length,) = struct.unpack('<I', data[8:12])
    header = json.loads(data[12:12 + length])
    return np.frombuffer(data[12 + length:], dtype='<f4').reshape(header['height'], header['width'])


def load(db, cache_dir, dataset, split, labels):
    rows = db.execute(
        'SELECT i.id, i.cache_key FROM dataset_images i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = ? AND i.split = ? ORDER BY i.id',
        (dataset, split)).fetchall()
    ids = [r[0] for r in rows]
    x = np.stack([read_cache(cache_dir, r[1]).ravel() for r in rows]).astype(np.float64)
    y = np.full((len(ids), len(labels)), np.nan)
    index = {i: k for k, i in enumerate(ids)}
    for image_id, label, state in db.execute(
            'SELECT l.image_id, l.label, l.state FROM dataset_labels l JOIN dataset_images i ON i.id = l.image_id JOIN datasets d ON d.id = i.dataset_id WHERE d.name = ? AND i.split = ?',
            (dataset, split)):
        if label in labels and state in (0, 1):
            y[index[image_id], labels.index(label)] = state
    return ids, x, y


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data-dir', required=True)
    p.add_argument('--dataset', required=True)
    p.add_argument('--split', default='test')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    db = sqlite3.connect(os.path.join(a.data_dir, 'hilum.sqlite'))
    labels = json.loads(db.execute('SELECT label_names_json FROM datasets WHERE name = ?', (a.dataset,)).fetchone()[0])
    cache = os.path.join(a.data_dir, 'cache')
    _, xtr, ytr = load(db, cache, a.dataset, 'train', labels)
    _, xva, yva = load(db, cache, a.dataset, 'val', labels)
    ids, xte, _ = load(db, cache, a.dataset, a.split, labels)
    mean, sd = xtr.mean(), xtr.std()
    xtr, xva, xte = ((x - mean) / sd for x in (xtr, xva, xte))
    scores = np.zeros((len(ids), len(labels)))
    for l, name in enumerate(labels):
        known, known_val = ~np.isnan(ytr[:, l]), ~np.isnan(yva[:, l])
        best = None
        for c in (1e-4, 1e-3, 1e-2, 1e-1, 1.0):
            model = LogisticRegression(C=c, max_iter=2000).fit(xtr[known], ytr[known, l])
            auc = roc_auc_score(yva[known_val, l], model.decision_function(xva[known_val])) if len(set(yva[known_val, l])) == 2 else -1
            if best is None or auc > best[0]:
                best = (auc, c, model)
        scores[:, l] = best[2].decision_function(xte)
        print(f'{name}: C={best[1]} (validation AUROC {best[0]:.4f})')
    with open(a.out, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['image_id', *labels])
        for i, image_id in enumerate(ids):
            w.writerow([image_id, *(f'{v:.9g}' for v in scores[i])])
    print(f'{len(ids)} {a.split} predictions (logits) written to {a.out}')


if __name__ == '__main__':
    main()
