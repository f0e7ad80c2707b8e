// Colours and fonts for the charts, read from the --vscode-* variables VS Code sets on the page, so the
// figure follows light, dark and high-contrast themes. Path colours are Okabe–Ito (colour-blind safe) and
// get a dark halo so they stand out on every viridis cell.

export interface Theme {
  foreground: string;
  background: string;
  muted: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  highContrast: boolean;
}

export interface SweepStyle {
  colour: string;
  pointStyle: 'circle' | 'rectRot';
  dash: number[];
  label: string;
}

export const SWEEP_STYLE: Readonly<Record<'S1' | 'S2', SweepStyle>> = {
  S1: { colour: '#D55E00', pointStyle: 'circle', dash: [], label: 'S1: λ fixed, α swept' },
  S2: { colour: '#56B4E9', pointStyle: 'rectRot', dash: [6, 4], label: 'S2: α·λ fixed' },
};

/** The best λ for each α (seed 000's Conclusion 1): a thin solid line, Okabe–Ito reddish purple. */
export const BEST_LAMBDA_STYLE = { colour: '#CC79A7', label: 'best λ for each α' } as const;

export const HALO = 'rgba(0, 0, 0, 0.85)';

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const foreground = cssVariable(style, '--vscode-editor-foreground', cssVariable(style, '--vscode-foreground', '#cccccc'));
  return {
    foreground,
    background: cssVariable(style, '--vscode-editor-background', '#1e1e1e'),
    muted: cssVariable(style, '--vscode-descriptionForeground', foreground),
    grid: cssVariable(style, '--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    fontFamily: cssVariable(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(cssVariable(style, '--vscode-font-size', '13')) || 13,
    highContrast,
  };
}
