/** What a model run over a set of images gives: raw logits per label and pooled features per image. */
export interface ModelOutputs {
  n: number;
  numClasses: number;
  width: number;
  /** One column per label. */
  logitColumns: Float64Array[];
  /** n × width, row-major. */
  features: Float64Array;
}
