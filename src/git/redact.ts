// Removes secrets from text that came out of git: the token in every form it travels in, and URL credentials.

/**
 * Replaces URL credentials with `***`: any userinfo of http(s) URLs (a token is often passed as the user name),
 * and `user:password` of other schemes (`ssh://git@host` keeps its harmless user name).
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*):\/\/([^\s/@'"]+)@/gi, (whole, scheme: string, userinfo: string) =>
    /^https?$/i.test(scheme) || userinfo.includes(':') ? `${scheme}://***@` : whole,
  );
}

/** The forms a token can show up in: raw, URL-encoded, base64 alone or in a Basic auth pair. */
export function secretForms(token: string, username?: string): string[] {
  const forms = new Set([token, encodeURIComponent(token), Buffer.from(token).toString('base64')]);
  if (username !== undefined) forms.add(Buffer.from(`${username}:${token}`).toString('base64'));
  return [...forms].filter((form) => form.length > 0);
}

/** A function that scrubs the given secrets and any URL credentials from a message. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...secrets].filter(Boolean).sort((a, b) => b.length - a.length);
  return (text) => {
    let clean = text;
    for (const secret of sorted) clean = clean.split(secret).join('***');
    return redactUrlCredentials(clean);
  };
}

/** A URL fit to be written into a commit: http(s) userinfo and any password removed. */
export function stripUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*):\/\/([^/@]+)@/i, (whole, scheme: string, userinfo: string) =>
    /^https?$/i.test(scheme) || userinfo.includes(':') ? `${scheme}://` : whole,
  );
}
