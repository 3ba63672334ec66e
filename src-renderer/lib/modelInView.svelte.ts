/** The model the user is looking at (opened on Models, reviewed on Worklist, evaluated on Validation), for the header. */
class ModelInView {
  label = $state<string | null>(null);
  status = $state<string | null>(null);

  set(label: string | null, status: string | null = null): void {
    this.label = label;
    this.status = status;
  }

  /** For a page showing one model's detail: the header follows it. Call while the component initialises. */
  follow(detail: () => { model: { name: string; version: string | number; status: string } } | null | undefined): void {
    $effect(() => {
      const d = detail();
      this.set(d ? `${d.model.name} ${d.model.version}` : null, d?.model.status ?? null);
    });
  }
}

export const modelInView = new ModelInView();
