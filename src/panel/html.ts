// The simulation page's HTML and Content-Security-Policy. Plain strings in, so tests can check the policy
// without VS Code: nothing runs but the nonce'd scripts, styles come inline (nonce'd) or from the webview
// build folder, fonts from the build folder only, and the page fetches nothing (the simulator runs in the
// extension host).
//
// Why the page's script and style are inline: in a remote VS Code (code-server, Codespaces) every webview
// resource is fetched through the webview's service worker and the workbench, 0.4–0.8 s each while the
// editor is busy opening the panel; VS Code also shows the page only once its `load` event fired (or 200 ms
// after writing it). Inline, the page is drawable the moment its HTML is written. The setting to show comes
// in the HTML too (a JSON block), so the first heatmap waits for no round trip. The controls' custom
// elements (@vscode-elements, 230 kB) and the codicon font are not needed to draw: the page loads them
// itself once it is up. Chart.js is not needed for the first picture either (the first seed's cells are
// painted with the canvas API): its code comes inline as inert text, and the page runs it after its load
// event, while it waits for the first seed, so that event does not wait for 178 kB of JavaScript to be
// compiled and run.

export interface PanelAssets {
  /** `webview.cspSource`: the origin of the extension's webview resources (localResourceRoots = dist/webview). */
  cspSource: string;
  nonce: string;
  /** The text of dist/webview/panel.js and panel.css, inlined. */
  script: string;
  style: string;
  /** The text of dist/webview/chart-kit.js (Chart.js and the charts), inlined as inert text that the page's
   * script runs once the first seed's cells are painted (webview/chart-kit.ts). */
  chartKit: string;
  /** Webview URIs of dist/webview's files loaded after the page is up: the controls' module and the codicon
   * font's stylesheet (the id is where @vscode-elements looks for it). */
  elements: string;
  codicons: string;
  /** The first messages the page acts on, in the page from the start: a `setup` HostToPage, alone or first
   * in an array followed by what its run has sent so far. */
  initial?: unknown;
}

/** 32 random characters from [A-Za-z0-9]. */
export function makeNonce(random: (size: number) => Uint8Array = (size) => crypto.getRandomValues(new Uint8Array(size))): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (byte) => alphabet[byte % alphabet.length]).join('');
}

export function contentSecurityPolicy(assets: Pick<PanelAssets, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${assets.nonce}'`,
    `style-src 'nonce-${assets.nonce}' ${assets.cspSource}`,
    `img-src ${assets.cspSource}`,
    `font-src ${assets.cspSource}`,
  ].join('; ');
}

/** Text inside a double-quoted HTML attribute. */
export const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** JSON that cannot end its <script> block or open a comment in it (a title holds the user's file name). */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Script or style text inside its element: `</script`, `</style` and `<!--` would end or upset the HTML
 * parser's raw-text state; in JavaScript (strings, regular expressions, templates) and CSS `<\/` and `<\!`
 * mean the same characters. */
function rawText(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The page; its body is built by webview/panel.ts. */
export function renderPanelHtml(assets: PanelAssets): string {
  const a = (text: string) => escapeAttribute(text);
  const nonce = a(assets.nonce);
  const initial = assets.initial === undefined ? ''
    : `<script type="application/json" id="initial-message">${jsonForScriptBlock(assets.initial)}</script>\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
${rawText(assets.style)}
</style>
<title>AdamW Lens: simulation</title>
</head>
<body>
<main id="app" aria-busy="true" data-elements="${a(assets.elements)}" data-codicons="${a(assets.codicons)}">
<p class="loading">Loading the simulator…</p>
</main>
${initial}<script type="text/plain" id="chart-kit">
${rawText(assets.chartKit)}
</script>
<script nonce="${nonce}">
${rawText(assets.script)}
</script>
</body>
</html>
`;
}
