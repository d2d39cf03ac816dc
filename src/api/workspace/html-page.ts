const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A small server-made page (click-to-dial's answers): a title and lines of text, escaped.
 * @example page('Calling…', ['Your phone is ringing.'])
 */
export function page(title: string, lines: readonly string[], extraHead = '', body = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Switchboard</title>
${extraHead}</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${body}</main>
</body>
</html>
`;
}

/**
 * Headers of such a page: no script, no style, no form, no framing; never cached (it reports a call).
 * `formAction` lets one origin take a form (the screen pop's relay page).
 */
export function pageHeaders(options: { scripts?: boolean; formAction?: string } = {}): Record<string, string> {
  const csp = [
    "default-src 'none'",
    options.scripts ? "script-src 'self'" : null,
    `form-action ${options.formAction ?? "'none'"}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].filter((d) => d !== null).join('; ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}
