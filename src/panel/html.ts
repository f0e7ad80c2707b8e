// The simulation page's HTML and Content-Security-Policy. Plain strings in, so tests can check the policy
// without VS Code: nothing runs but the nonce'd scripts, styles and fonts come from the webview build
// folder only, and the page fetches nothing (the simulator runs in the extension host).

export interface PanelAssets {
  /** `webview.cspSource`: the origin of the extension's webview resources (localResourceRoots = dist/webview). */
  cspSource: string;
  /** Webview URIs of dist/webview's files. */
  script: string;
  elements: string;
  style: string;
  /** The codicon font's stylesheet (the id is where @vscode-elements looks for it). */
  codicons: string;
  nonce: string;
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
    `style-src ${assets.cspSource}`,
    `img-src ${assets.cspSource}`,
    `font-src ${assets.cspSource}`,
  ].join('; ');
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page; its body is built by webview/panel.ts. */
export function renderPanelHtml(assets: PanelAssets): string {
  const a = (text: string) => escapeAttribute(text);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(assets.codicons)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${a(assets.style)}">
<title>AdamW Lens: simulation</title>
</head>
<body>
<main id="app" aria-busy="true">
<p class="loading">Loading the simulator…</p>
</main>
<script nonce="${a(assets.nonce)}" type="module" src="${a(assets.elements)}"></script>
<script nonce="${a(assets.nonce)}" src="${a(assets.script)}"></script>
</body>
</html>
`;
}
