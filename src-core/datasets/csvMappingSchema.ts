/**
 * The column mapping of Hilum's generic CSV format (CLI options or a JSON/YAML file) as one zod schema: the CLI
 * builds it, the worker parses it (src-worker/datasets/formats/csvMapping.ts), and the type comes from the schema.
 */
import { z } from 'zod';

const column = z.string({ error: 'a column name' });

export const csvMappingSchema = z
  .strictObject(
    {
      /** Label file, relative to the dataset root. */
      csv: z.string({ error: 'the label file (a path relative to the dataset root)' }),
      /** Column holding the image path relative to the root; or use `imageTemplate`. */
      image: column.optional(),
      /** Path template with `{column}` placeholders, e.g. `png/{image_id}.png`. */
      imageTemplate: z.string({ error: 'a path template such as png/{image_id}.png' }).optional(),
      patient: column.optional(),
      study: column.optional(),
      sex: column.optional(),
      age: column.optional(),
      view: column.optional(),
      site: column.optional(),
      /** Institution for every row when the file has no site column (e.g. "Hannover Medical School"). */
      siteName: z.string({ error: 'an institution name' }).optional(),
      modality: column.optional(),
      /** Columns each holding one label's state (1 / 0 / -1 / blank). */
      labels: z.array(column, { error: 'a list of column names' }).optional(),
      /** One column listing the positive labels, separated (NIH style). */
      labelList: z
        .strictObject(
          {
            column,
            separator: z.string({ error: 'a separator' }),
            vocabulary: z.array(z.string({ error: 'a label name' })),
            none: z.string().optional(),
          },
          { error: 'an object with column, separator and vocabulary' },
        )
        .optional(),
      /** Labels that hold for every row (e.g. `{"COVID-19": 1}` for an all-positive cohort). */
      constantLabels: z
        .record(z.string(), z.union([z.literal(1), z.literal(0), z.literal(-1), z.null()], { error: '1, 0, -1 or null' }))
        .optional(),
      delimiter: z.string({ error: 'a delimiter' }).optional(),
    },
    { error: 'an object' },
  )
  .superRefine((m, ctx) => {
    const statement = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params: { statement: true }, input: m });
    if (m.image === undefined && m.imageTemplate === undefined) statement('image', '"image" or "imageTemplate" is required');
    const mapped = (m.labels?.length ?? 0) + (m.labelList?.vocabulary.length ?? 0) + Object.keys(m.constantLabels ?? {}).length;
    if (mapped === 0) statement('labels', 'no labels mapped: give "labels", "labelList" or "constantLabels"');
  });

export type CsvMapping = z.output<typeof csvMappingSchema>;
