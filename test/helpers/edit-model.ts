/** Edits of a saved model for tampering tests: each call changes a fresh deep copy of `base`. */
export function modelEditor(base: unknown): (change: (j: any) => void) => any {
  return (change) => {
    const j = structuredClone(base) as any;
    change(j);
    return j;
  };
}
