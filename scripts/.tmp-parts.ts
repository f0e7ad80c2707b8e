import { analyzeText, initEngine } from '../src/engine';
const S1 = 'import torch\n\nfor lr in [1e-4, 3e-4, 1e-3]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)\n';
export async function go() {
  const t0 = performance.now();
  await initEngine({ wasmDir: '/work/wt/speed-cli/dist' });
  const t1 = performance.now();
  analyzeText(S1, { language: 'python', file: '/x/train.py' });
  const t2 = performance.now();
  analyzeText(S1 + '\n', { language: 'python', file: '/x/train.py' });
  const t3 = performance.now();
  console.log(`init ${(t1 - t0).toFixed(0)} first ${(t2 - t1).toFixed(0)} second ${(t3 - t2).toFixed(0)}`);
}
