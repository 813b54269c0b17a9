/**
 * Learning-rate schedulers, PyTorch 1.13's {@code torch.optim.lr_scheduler}: {@link
 * org.grad4j.optim.lrscheduler.StepLR}, {@link org.grad4j.optim.lrscheduler.MultiStepLR}, {@link
 * org.grad4j.optim.lrscheduler.ExponentialLR}, {@link org.grad4j.optim.lrscheduler.CosineAnnealingLR}, {@link
 * org.grad4j.optim.lrscheduler.LinearLR}, {@link org.grad4j.optim.lrscheduler.OneCycleLR}, {@link
 * org.grad4j.optim.lrscheduler.LambdaLR} and {@link org.grad4j.optim.lrscheduler.ReduceLROnPlateau}.
 *
 * <p>Each computes PyTorch's values with PyTorch's formulas in the same order of operations (the
 * recursive, "chainable" forms that {@code scheduler.step()} uses), so the float64 learning rates equal
 * PyTorch's bit for bit (checked step by step against golden files from PyTorch 1.13). As in PyTorch, a
 * scheduler writes each group's {@code "lr"} (and OneCycleLR its {@code "momentum"} or {@code "betas"}),
 * sets {@code "initial_lr"}, and takes one step when constructed:
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
 * <p>Not provided: PyTorch's deprecated {@code step(epoch)} with an explicit epoch (its closed forms),
 * {@code last_epoch} to resume, {@code verbose}, and scheduler state dicts.
 */
package org.grad4j.optim.lrscheduler;
