// "Copy next S2 sweep as code": the suggested (α, λ) pairs as a W&B sweep file, an Optuna study or a shell
// loop. Each keeps α·λ fixed in the idiom the project's own checks recognise as S2 (docs/sweep-sources.md):
// W&B gets one paired parameter `lr_weight_decay` with [α, λ] values (W&B cannot zip two parameters),
// Optuna suggests α on a grid and derives λ = (α·λ)/α, recorded as a user attribute for the results reader.
import { formatLiteral } from '../format';
import type { Suggestion } from './analysis';

export const SWEEP_CODE_FORMATS = ['wandb', 'optuna', 'shell'] as const;
export type SweepCodeFormat = typeof SWEEP_CODE_FORMATS[number];

export function suggestionAsCode(suggestion: Suggestion, format: SweepCodeFormat): string {
  const pairs = suggestion.lrs.map((lr, i) => [lr, suggestion.weightDecays[i]] as const);
  const product = formatLiteral(suggestion.lrs[0] * suggestion.weightDecays[0]);
  switch (format) {
    case 'wandb':
      return [
        `# S2 sweep: lr * weight_decay = ${product} at every run (AdamW Lens). W&B cannot zip two parameters:`,
        '# the training script reads lr_weight_decay as a [lr, weight_decay] pair.',
        'program: train.py',
        'method: grid',
        'metric:',
        '  name: val_loss',
        '  goal: minimize',
        'parameters:',
        '  lr_weight_decay:',
        '    values:',
        ...pairs.map(([lr, wd]) => `      - [${formatLiteral(lr)}, ${formatLiteral(wd)}]`),
        '',
      ].join('\n');
    case 'optuna':
      return [
        'import optuna',
        '',
        `LR_TIMES_WEIGHT_DECAY = ${product}  # S2: α·λ fixed, the decay timescale 1/(α·λ) is the same at every α (AdamW Lens)`,
        `LRS = [${suggestion.lrs.map(formatLiteral).join(', ')}]`,
        '',
        '',
        'def objective(trial):',
        '    lr = trial.suggest_categorical("lr", LRS)',
        '    weight_decay = LR_TIMES_WEIGHT_DECAY / lr',
        '    trial.set_user_attr("weight_decay", weight_decay)',
        '    return train_and_evaluate(lr=lr, weight_decay=weight_decay)  # your training function',
        '',
        '',
        'study = optuna.create_study(study_name="s2-sweep", storage="sqlite:///optuna.db", direction="minimize",',
        '                            sampler=optuna.samplers.GridSampler({"lr": LRS}))',
        'study.optimize(objective, n_trials=len(LRS))',
        '',
      ].join('\n');
    case 'shell':
      return [
        `# S2 sweep: lr * weight_decay = ${product} at every run (AdamW Lens)`,
        `for pair in ${pairs.map(([lr, wd]) => `"${formatLiteral(lr)} ${formatLiteral(wd)}"`).join(' ')}; do`,
        '  set -- $pair',
        '  python train.py --lr "$1" --weight_decay "$2"',
        'done',
        '',
      ].join('\n');
  }
}
