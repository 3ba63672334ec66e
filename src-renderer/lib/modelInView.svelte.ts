/** The model the user is looking at (opened on Models, reviewed on Worklist, evaluated on Validation), for the header. */
class ModelInView {
  label = $state<string | null>(null);
  status = $state<string | null>(null);

  set(label: string | null, status: string | null = null): void {
    this.label = label;
    this.status = status;
  }
}

export const modelInView = new ModelInView();
