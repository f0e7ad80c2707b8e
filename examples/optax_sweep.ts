// A learning-rate sweep in TypeScript with @jax-js/optax: λ stays fixed while the learning rate
// changes, and optax's adamw decays by lr·λ. AdamW Lens reports s1-sweep here too.
import { adamw } from "@jax-js/optax";

const weightDecay = 1e-2;
const learningRates = [1e-4, 3e-4, 1e-3, 3e-3];

export const optimizers = learningRates.map((lr) => adamw(lr, { weightDecay }));
