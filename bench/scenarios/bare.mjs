// The baseline: the endpoint with no observability at all.
export async function imports() {
  return [];
}
