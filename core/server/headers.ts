// Response headers every page of the app gets, in the browser (core/server/server.ts) and in
// Electron (electron/main.ts, on its app:// responses and through the session).
/** Only our own scripts and connections; inline styles are allowed because React sets `style`
 *  attributes (widths of table columns, canvas sizes); no plugins, no framing, no <base>. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The CSP matters on the page; on JSON it costs nothing and stops a response from being rendered
 *  as a document should anything ever be sniffed. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
