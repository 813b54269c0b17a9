/**
 * Learning-rate schedulers, PyTorch 1.13's {@code torch.optim.lr_scheduler}: {@link
 * org.grad4j.optim.lrscheduler.StepLR}, {@link org.grad4j.optim.lrscheduler.MultiStepLR}, {@link
 * org.grad4j.optim.lrscheduler.ConstantLR}, {@link org.grad4j.optim.lrscheduler.LinearLR}, {@link
 * org.grad4j.optim.lrscheduler.ExponentialLR}, {@link org.grad4j.optim.lrscheduler.PolynomialLR}, {@link
 * org.grad4j.optim.lrscheduler.CosineAnnealingLR}, {@link org.grad4j.optim.lrscheduler.CosineAnnealingWarmRestarts},
 * {@link org.grad4j.optim.lrscheduler.LambdaLR}, {@link org.grad4j.optim.lrscheduler.MultiplicativeLR}, {@link
 * org.grad4j.optim.lrscheduler.CyclicLR}, {@link org.grad4j.optim.lrscheduler.OneCycleLR}, {@link
 * org.grad4j.optim.lrscheduler.SequentialLR}, {@link org.grad4j.optim.lrscheduler.ChainedScheduler} and {@link
 * org.grad4j.optim.lrscheduler.ReduceLROnPlateau}.
 *
 * <p>Each computes PyTorch's values with PyTorch's formulas in the same order of operations (the
 * recursive, "chainable" forms that {@code scheduler.step()} uses; the closed forms for the deprecated
 * {@code step(epoch)}), so the float64 learning rates equal PyTorch's bit for bit (checked step by step
 * against golden files from PyTorch 1.13). As in PyTorch, a scheduler writes each group's {@code "lr"} (CyclicLR
 * its {@code "momentum"}, OneCycleLR its {@code "momentum"} or {@code "betas"}), sets {@code "initial_lr"}, and
 * takes one step when constructed:
 *
 * <pre>{@code
 * Adam opt = new Adam(model.parameters(), 1e-3);
 * CosineAnnealingLR sched = new CosineAnnealingLR(opt, epochs);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     train(opt);          // opt.step() per batch
 *     sched.step();        // once per epoch
 * }
 * }</pre>
 *
 * <p>Resuming: construct with {@code lastEpoch} (each group must then have {@code "initial_lr"}, as from a
 * loaded optimizer state dict), or load {@code stateDict()} into a scheduler built with the same arguments.
 * A state dict has PyTorch's keys in PyTorch's order; a Java function ({@code lr_lambda}, {@code scale_fn}) is kept
 * as None, as PyTorch keeps a plain function. {@code verbose} is not provided (PyTorch's warnings neither).
 */
package org.grad4j.optim.lrscheduler;
