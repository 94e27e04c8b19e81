/** Drops the spaces, dashes, dots and brackets of human formatting; each provider then applies its own prefix rule. */
export function compactPhoneNumber(raw: string): string {
  return raw.trim().replace(/[\s\-.()]/g, '');
}
