"""JAX/Optax training setup with a warm-up cosine schedule.

The hand-built chain applies add_decayed_weights before scale_by_adam, so λ·w goes through Adam's
preconditioner (L2, not AdamW). AdamW Lens reports lambda-convention on the chain.
"""
import jax
import jax.numpy as jnp
import optax

total_steps = 10_000
peak_lr = 3e-4
weight_decay = 0.1

schedule = optax.warmup_cosine_decay_schedule(
    init_value=0.0, peak_value=peak_lr, warmup_steps=500, decay_steps=total_steps
)

optimizer = optax.chain(
    optax.clip_by_global_norm(1.0),
    optax.add_decayed_weights(weight_decay),
    optax.scale_by_adam(),
    optax.scale_by_learning_rate(schedule),
)


def init(params):
    return optimizer.init(params)


def loss(params, x, y):
    return jnp.mean((x @ params["w"] - y) ** 2)


grad_fn = jax.jit(jax.grad(loss))
