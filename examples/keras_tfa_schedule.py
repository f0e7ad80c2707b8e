"""Keras training with TensorFlow Addons' AdamW and a cosine learning-rate schedule.

tfa's AdamW decays by weight_decay every step, whatever the learning rate: with the schedule on the
learning rate only, decay dominates late in training. AdamW Lens reports lambda-convention.
"""
import tensorflow as tf
import tensorflow_addons as tfa

schedule = tf.keras.optimizers.schedules.CosineDecay(initial_learning_rate=1e-3, decay_steps=20_000)
optimizer = tfa.optimizers.AdamW(weight_decay=1e-4, learning_rate=schedule)

model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
