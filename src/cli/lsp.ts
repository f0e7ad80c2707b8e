// Placeholder until the lsp command lands (being written by its owner; replace this file).
export async function runLsp(_args: string[]): Promise<number> {
  process.stderr.write('adamw-lens: the lsp command is not available in this build yet\n');
  return 2;
}
