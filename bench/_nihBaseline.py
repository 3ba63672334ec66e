"""Independent sanity baseline for bench/results/train-nih.md (Debian's /usr/bin/python3, scikit-learn):
L2 logistic regression on 16×16 downsampled grey pixels, C picked on the validation split, "any finding"
AUROC on the test split — same patient-disjoint split as bench/trainNih.ts (dumped to JSON by it).
argv: split.json. Prints JSON."""
import json, sys
import numpy as np
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

rows = json.load(open(sys.argv[1]))
X = np.stack([np.asarray(Image.open(r['file']).convert('L').resize((16, 16), Image.BOX), dtype=np.float32).ravel() / 255 for r in rows])
y = np.array([r['any'] for r in rows])
sp = np.array([r['split'] for r in rows])
mu, sd = X[sp == 'train'].mean(0), X[sp == 'train'].std(0) + 1e-6
X = (X - mu) / sd
best = None
for C in [1e-4, 1e-3, 1e-2, 1e-1, 1]:
    m = LogisticRegression(C=C, max_iter=2000).fit(X[sp == 'train'], y[sp == 'train'])
    v = roc_auc_score(y[sp == 'val'], m.predict_proba(X[sp == 'val'])[:, 1])
    if best is None or v > best[0]:
        best = (v, C, m)
v, C, m = best
t = roc_auc_score(y[sp == 'test'], m.predict_proba(X[sp == 'test'])[:, 1])
print(json.dumps({'C': C, 'valAuroc': v, 'testAuroc': t, 'nTest': int((sp == 'test').sum()), 'testPositives': int(y[sp == 'test'].sum())}))
