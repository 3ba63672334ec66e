/**
 * The multi-label losses of src-worker/model/losses.ts as ONNX nodes, with their gradient in closed form:
 * logits z [B, C] (already logit-adjusted), targets y (soft allowed), per-element weights w (mask × class
 * weights × the micro-batch's share ÷ its mask sum, computed by the caller) → loss = Σ L·w and dL/dz = L'·w.
 * With p = σ(z), log p = z − softplus(z), log(1 − p) = −softplus(z):
 * - BCE: L = softplus(z) − y·z, L' = p − y.
 * - focal (γ): L = −[y(1−p)^γ·log p + (1−y)p^γ·log(1−p)],
 *   L' = −y(1−p)^γ·[(1−p) − γ·p·log p] − (1−y)p^γ·[γ(1−p)·log(1−p) − p].
 * - asymmetric (γ+, γ−, clip m): positives as focal with γ+; negatives use p_m = max(p − m, 0):
 *   L₋ = (1−y)·p_m^γ−·log(1 − p_m), dL₋/dz = (1−y)·[γ−·p_m^(γ−−1)·log(1 − p_m) − p_m^γ−/(1 − p_m)]·[p > m]·p(1−p).
 */
import type { LossConfig } from '../../../src-core/model/trainConfig';
import type { GradOps } from './gradGraphOps';

export function lossGraph(g: GradOps, z: string, y: string, w: string, cfg: LossConfig): { loss: string; dz: string } {
  const { b, k } = g;
  const mul = (x: string, v: string, h: string): string => b.op('Mul', [x, v], h);
  const sub = (x: string, v: string, h: string): string => b.op('Sub', [x, v], h);
  const add = (x: string, v: string, h: string): string => b.op('Add', [x, v], h);
  const pow = (x: string, e: number, h: string): string => b.op('Pow', [x, b.scalar(`${h}.exp`, e)], h);

  // softplus(z) = relu(z) + log(1 + exp(−|z|)), stable for large |z|
  const softplus = add(
    b.op('Relu', [z], 'loss.relu'),
    b.op(
      'Log',
      [add(k.one, b.op('Exp', [b.op('Neg', [b.op('Abs', [z], 'loss.abs')], 'loss.neg_abs')], 'loss.exp'), 'loss.1p')],
      'loss.log1p',
    ),
    'loss.softplus',
  );
  const p = b.op('Sigmoid', [z], 'loss.p');
  const q = sub(k.one, p, 'loss.q'); // 1 − p
  const notY = sub(k.one, y, 'loss.not_y');
  const logP = sub(z, softplus, 'loss.log_p');
  const logQ = b.op('Neg', [softplus], 'loss.log_q');

  let elem: string;
  let slope: string;
  // y(1−p)^γ·log p and its z-derivative y(1−p)^γ·[(1−p) − γ·p·log p]
  const positive = (gamma: number): { l: string; d: string } => {
    const w1 = gamma > 0 ? mul(y, pow(q, gamma, 'loss.q_pow'), 'loss.pos_w') : y;
    const inner =
      gamma > 0 ? sub(q, mul(b.scalar('loss.gamma_pos', gamma), mul(p, logP, 'loss.p_logp'), 'loss.g_p_logp'), 'loss.pos_inner') : q;
    return { l: mul(w1, logP, 'loss.pos_l'), d: mul(w1, inner, 'loss.pos_d') };
  };
  // (1−y)p^γ·log(1−p) and its z-derivative (1−y)p^γ·[γ(1−p)·log(1−p) − p]
  const negativeUnclipped = (gamma: number): { l: string; d: string } => {
    const w0 = gamma > 0 ? mul(notY, pow(p, gamma, 'loss.p_pow'), 'loss.neg_w') : notY;
    const inner =
      gamma > 0
        ? sub(mul(b.scalar('loss.gamma_neg', gamma), mul(q, logQ, 'loss.q_logq'), 'loss.g_q_logq'), p, 'loss.neg_inner')
        : b.op('Neg', [p], 'loss.neg_p');
    return { l: mul(w0, logQ, 'loss.neg_l'), d: mul(w0, inner, 'loss.neg_d') };
  };

  if (cfg.name === 'bce') {
    elem = sub(softplus, mul(y, z, 'loss.yz'), 'loss.elem');
    slope = sub(p, y, 'loss.slope');
  } else {
    const pos = positive(cfg.name === 'focal' ? cfg.gamma : cfg.gammaPos);
    let neg: { l: string; d: string };
    if (cfg.name === 'focal' || cfg.clip <= 0) {
      neg = negativeUnclipped(cfg.name === 'focal' ? cfg.gamma : cfg.gammaNeg);
    } else {
      const gammaNeg = cfg.gammaNeg;
      const shifted = sub(p, b.scalar('loss.clip', cfg.clip), 'loss.p_shift');
      const pm = b.op('Relu', [shifted], 'loss.pm');
      const oneMinusPm = sub(k.one, pm, 'loss.1m_pm');
      const logOneMinusPm = b.op('Log', [b.op('Max', [oneMinusPm, b.scalar('loss.eps', 1e-8)], 'loss.1m_pm_clamped')], 'loss.log_1m_pm');
      const pmPow = gammaNeg > 0 ? pow(pm, gammaNeg, 'loss.pm_pow') : k.one;
      let dInner = b.op('Neg', [b.op('Div', [pmPow, oneMinusPm], 'loss.pm_over')], 'loss.neg_over');
      if (gammaNeg > 0) {
        const powDer = mul(b.scalar('loss.gamma_neg', gammaNeg), pow(pm, gammaNeg - 1, 'loss.pm_pow1'), 'loss.pow_der');
        dInner = add(mul(powDer, logOneMinusPm, 'loss.pow_der_log'), dInner, 'loss.neg_dinner');
      }
      const active = b.op('Cast', [b.op('Greater', [shifted, b.scalar('loss.zero', 0)], 'loss.active_b')], 'loss.active', [
        { name: 'to', kind: 'int', value: 1 },
      ]);
      const dpdz = mul(p, q, 'loss.dpdz');
      neg = {
        l: mul(notY, mul(pmPow, logOneMinusPm, 'loss.pm_l'), 'loss.neg_l'),
        d: mul(notY, mul(dInner, mul(active, dpdz, 'loss.active_dpdz'), 'loss.neg_chain'), 'loss.neg_d'),
      };
    }
    elem = b.op('Neg', [add(pos.l, neg.l, 'loss.sum_l')], 'loss.elem');
    slope = b.op('Neg', [add(pos.d, neg.d, 'loss.sum_d')], 'loss.slope');
  }
  const loss = b.op('ReduceSum', [mul(elem, w, 'loss.weighted')], 'loss', [{ name: 'keepdims', kind: 'int', value: 0 }]);
  return { loss, dz: mul(slope, w, 'loss.dz') };
}
