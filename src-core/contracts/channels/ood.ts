/** Out-of-distribution channels: score histograms (in-distribution, near, far), OOD AUROC, the operating point. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { id } from './common';

export const oodChannels = {
  'ood.report': defineChannel(
    'OOD score distributions and detection performance of one evaluation',
    s.object({ evaluationId: id }),
    s.object({
      scoreName: s.string(),
      binEdges: s.array(s.number()),
      histograms: s.object({ inDistribution: s.array(s.number()), near: s.array(s.number()), far: s.array(s.number()) }),
      aurocNear: s.nullable(s.number()),
      aurocFar: s.nullable(s.number()),
      threshold: s.number(),
      inDistributionFlaggedRate: s.number(),
    }),
  ),
} as const;
