"""PyTorch reference for bench/train.ts: one training step (forward + backward + AdamW) of the same ViT
(timm semantics, 1 input channel, 14 sigmoid outputs, BCE), batch 16 at once, 2 threads.
argv: width depth heads size batch reps. Prints JSON {ms: [...], maxRssMiB, torch}.
With reps = 0 it serves interleaved benchmarks: after its warm-up step it prints {"ready": ...}, then times one
step per line read from stdin and prints {"ms": ..., "maxRssMiB": ...} for each; it exits at end of input."""
import json, resource, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)
W, DEPTH, HEADS, SIZE, BATCH, REPS = (int(a) for a in sys.argv[1:7])
P, C = 16, 14


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(W, eps=1e-6), nn.LayerNorm(W, eps=1e-6)
        self.qkv, self.proj = nn.Linear(W, 3 * W), nn.Linear(W, W)
        self.fc1, self.fc2 = nn.Linear(W, 4 * W), nn.Linear(4 * W, W)

    def forward(self, x):
        B, T, _ = x.shape
        hd = W // HEADS
        q, k, v = self.qkv(self.norm1(x)).reshape(B, T, 3, HEADS, hd).permute(2, 0, 3, 1, 4)
        a = ((q @ k.transpose(-2, -1)) * hd ** -0.5).softmax(-1)
        x = x + self.proj((a @ v).transpose(1, 2).reshape(B, T, W))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self):
        super().__init__()
        n = (SIZE // P) ** 2
        self.patch = nn.Conv2d(1, W, P, P)
        self.cls = nn.Parameter(torch.zeros(1, 1, W))
        self.pos = nn.Parameter(torch.randn(1, n + 1, W) * 0.02)
        self.blocks = nn.ModuleList([Block() for _ in range(DEPTH)])
        self.norm = nn.LayerNorm(W, eps=1e-6)
        self.head = nn.Linear(W, C)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        for b in self.blocks:
            x = b(x)
        return self.head(self.norm(x)[:, 0])


m = Vit()
opt = torch.optim.AdamW(m.parameters(), lr=1e-4, weight_decay=0.05)
x = torch.randn(BATCH, 1, SIZE, SIZE)
y = (torch.rand(BATCH, C) < 0.3).float()


def step():
    opt.zero_grad()
    loss = F.binary_cross_entropy_with_logits(m(x), y)
    loss.backward()
    opt.step()


step()  # warm-up
if REPS == 0:
    print(json.dumps({'ready': True, 'torch': torch.__version__}), flush=True)
    for _ in sys.stdin:
        t0 = time.perf_counter()
        step()
        ms = (time.perf_counter() - t0) * 1000
        print(json.dumps({'ms': ms, 'maxRssMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
    sys.exit(0)
times = []
for _ in range(REPS):
    t0 = time.perf_counter()
    step()
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({'ms': times, 'maxRssMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'torch': torch.__version__}))
