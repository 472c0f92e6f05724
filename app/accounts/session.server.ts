// Placeholder until the accounts module lands in this same change (replaced by the real session code).
export async function getOptionalUser(_request: Request): Promise<{ id: number; name: string; role: string } | null> {
  return null;
}
