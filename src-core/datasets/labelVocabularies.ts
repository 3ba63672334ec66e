/** Published label vocabularies of the public chest X-ray datasets Hilum imports. */

/** NIH ChestX-ray14 findings, in the order of Wang et al. 2017; "No Finding" is the absence of all 14. */
export const NIH_FINDINGS = [
  'Atelectasis',
  'Cardiomegaly',
  'Effusion',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pneumonia',
  'Pneumothorax',
  'Consolidation',
  'Edema',
  'Emphysema',
  'Fibrosis',
  'Pleural_Thickening',
  'Hernia',
] as const;

/** CheXpert observations in the column order of CheXpert-v1.0 train.csv (also used by MIMIC-CXR-JPG). */
export const CHEXPERT_OBSERVATIONS = [
  'No Finding',
  'Enlarged Cardiomediastinum',
  'Cardiomegaly',
  'Lung Opacity',
  'Lung Lesion',
  'Edema',
  'Consolidation',
  'Pneumonia',
  'Atelectasis',
  'Pneumothorax',
  'Pleural Effusion',
  'Pleural Other',
  'Fracture',
  'Support Devices',
] as const;

/** MIMIC-CXR-JPG -chexpert.csv / -negbio.csv column order (alphabetical, as published). */
export const MIMIC_OBSERVATIONS = [
  'Atelectasis',
  'Cardiomegaly',
  'Consolidation',
  'Edema',
  'Enlarged Cardiomediastinum',
  'Fracture',
  'Lung Lesion',
  'Lung Opacity',
  'No Finding',
  'Pleural Effusion',
  'Pleural Other',
  'Pneumonia',
  'Pneumothorax',
  'Support Devices',
] as const;

/** Findings the synthetic phantoms can draw. */
export const PHANTOM_FINDINGS = ['Cardiomegaly', 'Effusion', 'Nodule', 'Mass', 'Pneumothorax', 'Consolidation'] as const;
