/** Subgroups from per-case attribute values: one per value of each attribute, plus pairwise intersections. */

export interface Subgroup {
  /** 'sex', or 'sex×view' for an intersection. */
  attribute: string;
  /** 'F', or 'F×PA' for an intersection. */
  value: string;
  members: Int32Array;
}

/** Cases whose value is '' (unknown) belong to no group of that attribute. Groups are sorted by value. */
export function buildSubgroups(attributes: Record<string, readonly string[]>, options: { intersections?: boolean } = {}): Subgroup[] {
  const names = Object.keys(attributes);
  const out: Subgroup[] = [];
  for (const name of names) out.push(...groupBy(name, attributes[name]!));
  if (options.intersections ?? true) {
    for (let a = 0; a < names.length; a++) {
      for (let b = a + 1; b < names.length; b++) {
        const va = attributes[names[a]!]!;
        const vb = attributes[names[b]!]!;
        const combined = va.map((x, i) => (x === '' || vb[i] === '' ? '' : `${x}×${vb[i]}`));
        out.push(...groupBy(`${names[a]}×${names[b]}`, combined));
      }
    }
  }
  return out;
}

function groupBy(attribute: string, values: readonly string[]): Subgroup[] {
  const map = new Map<string, number[]>();
  values.forEach((v, i) => {
    if (v === '') return;
    const list = map.get(v);
    if (list) list.push(i);
    else map.set(v, [i]);
  });
  return [...map.keys()].sort().map((value) => ({ attribute, value, members: Int32Array.from(map.get(value)!) }));
}
