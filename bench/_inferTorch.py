"""PyTorch timing for bench/infer.ts: the same ViT (plain functional ops, as test/fixtures/onnx/makeReference.py builds it),
random weights, 2 threads, no autograd, no attention maps (the ONNX graph computes none). argv: size batch reps. Prints JSON {ms: [...], maxRssMiB}."""
import json, os, resource, sys, time
import numpy as np
import torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'onnx'))
from makeReference import forward, shapes  # noqa: E402

torch.set_num_threads(2)
size, batch, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
c = dict(image=size, patch=16, width=768, depth=12, heads=12, mlp=4)
rng = np.random.default_rng(0)
W = {n: (rng.standard_normal(int(np.prod(s))).astype(np.float32) * 0.02).reshape(s) for n, s in shapes(c)}
for n in W:
    if n.endswith('norm1.weight') or n.endswith('norm2.weight') or n == 'norm.weight':
        W[n][:] = 1
px = rng.random((batch, 1, size, size), dtype=np.float32)
times = []
with torch.no_grad():
    forward(c, W, px, keep_maps=False)  # warm-up
    for _ in range(reps):
        t0 = time.perf_counter()
        forward(c, W, px, keep_maps=False)
        times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({'ms': times, 'maxRssMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
