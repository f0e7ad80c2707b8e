// The sweep-results page's HTML and Content-Security-Policy: nothing runs but the nonce'd scripts, styles
// and fonts come from the webview build folder only; no worker, no WebAssembly, no network.
import { escapeAttribute } from './html';

export interface ResultsPageAssets {
  cspSource: string;
  script: string;
  elements: string;
  style: string;
  codicons: string;
  nonce: string;
}

export function resultsContentSecurityPolicy(assets: Pick<ResultsPageAssets, 'cspSource' | 'nonce'>): string {
  return ["default-src 'none'", `script-src 'nonce-${assets.nonce}'`, `style-src ${assets.cspSource}`, `img-src ${assets.cspSource}`,
    `font-src ${assets.cspSource}`].join('; ');
}

export function renderResultsHtml(assets: ResultsPageAssets): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(resultsContentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(assets.codicons)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${a(assets.style)}">
<title>AdamW Lens: sweep results</title>
</head>
<body>
<main id="app" aria-busy="true">
<p class="loading">Reading the sweep…</p>
</main>
<script nonce="${a(assets.nonce)}" type="module" src="${a(assets.elements)}"></script>
<script nonce="${a(assets.nonce)}" src="${a(assets.script)}"></script>
</body>
</html>
`;
}
