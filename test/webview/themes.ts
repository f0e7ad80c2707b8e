// The --vscode-* variables and body classes VS Code puts on a webview, for the Light Modern, Dark Modern and
// Dark High Contrast themes (the subset the page and @vscode-elements/elements read), so screenshots show both as they look.
import type { Page } from 'playwright-core';

export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    variables: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px', '--vscode-font-weight': 'normal',
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#3b3b3b', '--vscode-panel-border': '#e5e5e5', '--vscode-focusBorder': '#005fb8',
      '--vscode-charts-lines': 'rgba(59, 59, 59, 0.3)', '--vscode-errorForeground': '#f85149', '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-border': '#0000001a',
      '--vscode-settings-textInputBackground': '#ffffff', '--vscode-settings-textInputForeground': '#3b3b3b', '--vscode-settings-textInputBorder': '#cecece',
      '--vscode-settings-dropdownBackground': '#ffffff', '--vscode-settings-dropdownForeground': '#3b3b3b', '--vscode-settings-dropdownBorder': '#cecece',
      '--vscode-settings-checkboxBackground': '#f8f8f8', '--vscode-settings-checkboxForeground': '#3b3b3b', '--vscode-settings-checkboxBorder': '#cecece',
      '--vscode-progressBar-background': '#005fb8', '--vscode-editorWarning-foreground': '#bf8803',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    variables: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px', '--vscode-font-weight': 'normal',
      '--vscode-foreground': '#cccccc', '--vscode-editor-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-panel-border': '#2b2b2b', '--vscode-focusBorder': '#0078d4',
      '--vscode-charts-lines': 'rgba(204, 204, 204, 0.3)', '--vscode-errorForeground': '#f85149', '--vscode-editorWidget-background': '#202020',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-border': '#ffffff12',
      '--vscode-settings-textInputBackground': '#313131', '--vscode-settings-textInputForeground': '#cccccc', '--vscode-settings-textInputBorder': '#3c3c3c',
      '--vscode-settings-dropdownBackground': '#313131', '--vscode-settings-dropdownForeground': '#cccccc', '--vscode-settings-dropdownBorder': '#3c3c3c',
      '--vscode-settings-checkboxBackground': '#313131', '--vscode-settings-checkboxForeground': '#cccccc', '--vscode-settings-checkboxBorder': '#3c3c3c',
      '--vscode-progressBar-background': '#0078d4', '--vscode-editorWarning-foreground': '#cca700',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    variables: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px', '--vscode-font-weight': 'normal',
      '--vscode-foreground': '#ffffff', '--vscode-editor-foreground': '#ffffff', '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-focusBorder': '#f38518',
      '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)', '--vscode-errorForeground': '#f48771',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-settings-textInputBackground': '#000000', '--vscode-settings-textInputForeground': '#ffffff', '--vscode-settings-textInputBorder': '#6fc3df',
      '--vscode-settings-dropdownBackground': '#000000', '--vscode-settings-dropdownForeground': '#ffffff', '--vscode-settings-dropdownBorder': '#6fc3df',
      '--vscode-settings-checkboxBackground': '#000000', '--vscode-settings-checkboxForeground': '#ffffff', '--vscode-settings-checkboxBorder': '#6fc3df',
      '--vscode-progressBar-background': '#0f4a85', '--vscode-editorWarning-foreground': '#fff500',
    },
  },
} as const;

/** Switches the page's theme the way VS Code does: variables on <html>, the theme's class on <body>. */
export async function applyTheme(page: Page, name: keyof typeof THEMES): Promise<void> {
  const theme = THEMES[name];
  await page.evaluate(({ bodyClass, variables }) => {
    for (const [key, value] of Object.entries(variables)) document.documentElement.style.setProperty(key, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    for (const key of ['--vscode-contrastBorder']) document.documentElement.style.removeProperty(key);
    document.body.classList.add(bodyClass);
  }, theme);
}
