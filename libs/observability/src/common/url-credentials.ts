/** `scheme://user:password@host`: credentials inside a URL or a connection string. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s/@]*)@/gi;

/**
 * Replaces the password of every `scheme://user:password@host` in `text` (a logged DATABASE_URL, a driver's error
 * message quoting its connection string). Shared by log redaction and health responses.
 */
export function redactUrlCredentials(text: string, replacement: string): string {
  return text.includes('@') ? text.replace(URL_CREDENTIALS, `$1$2:${replacement}@`) : text;
}
