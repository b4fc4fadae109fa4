/**
 * Token detection without importing cdktf, so pure modules (renderers, schemas) can use it.
 * cdktf encodes unresolved strings as `${TfToken[TOKEN.n]}` and lists as `#{TfToken[...]}`.
 */
const STRING_TOKEN = /\$\{TfToken\[|#\{TfToken\[/;

/** True when a string holds an unresolved cdktf token (a value only known at plan/apply time). */
export function isUnresolvedString(value: unknown): boolean {
  return typeof value === 'string' && STRING_TOKEN.test(value);
}

/** True when a number is a cdktf-encoded token (cdktf encodes numeric tokens as huge negative doubles). */
export function isUnresolvedNumber(value: unknown): boolean {
  return typeof value === 'number' && value <= -1.8e289;
}

export function isUnresolved(value: unknown): boolean {
  return isUnresolvedString(value) || isUnresolvedNumber(value) || (Array.isArray(value) && value.length === 1 && isUnresolvedString(value[0]));
}
