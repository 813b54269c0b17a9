/**
 * Optimizers, PyTorch 1.13's {@code torch.optim}: {@link org.grad4j.optim.SGD}, {@link org.grad4j.optim.Adam},
 * {@link org.grad4j.optim.AdamW}, {@link org.grad4j.optim.RMSprop}, {@link org.grad4j.optim.Adagrad},
 * {@link org.grad4j.optim.Adamax}, {@link org.grad4j.optim.NAdam}, {@link org.grad4j.optim.RAdam},
 * {@link org.grad4j.optim.Adadelta}, {@link org.grad4j.optim.Rprop}, {@link org.grad4j.optim.ASGD} and
 * {@link org.grad4j.optim.LBFGS} ({@code step(closure)}), with every option PyTorch has, its defaults and its
 * validation messages. Each extends {@link org.grad4j.optim.Optimizer} directly, so {@code List.of(sgd, adam)} is a
 * {@code List<Optimizer>}.
 *
 * <ul>
 *   <li><b>Parameter groups</b> ({@link org.grad4j.optim.ParamGroup}): options per group under PyTorch's
 *       names, {@code addParamGroup(params, Map.of("lr", 1e-4))}, {@code paramGroups().get(0).setLr(...)};
 *       schedulers are in the package {@code org.grad4j.optim.lrscheduler}.</li>
 *   <li><b>State</b>: {@link org.grad4j.optim.Optimizer#stateDict()} and
 *       {@link org.grad4j.optim.Optimizer#loadStateDict} in PyTorch's layout ({@link org.grad4j.optim.StateDict});
 *       {@code Safetensors.save(path, optimizer)} writes it to a file PyTorch can load.</li>
 *   <li><b>Numbers</b>: each update is PyTorch's default CPU path ({@code foreach=None}, the
 *       {@code _single_tensor_*} functions) operation for operation, with the same single roundings
 *       ({@code add_(x, alpha)} and {@code addcmul_} fused, {@code addcdiv_} not), so float64 and float32
 *       trajectories equal PyTorch's bit for bit (golden trajectories in the conformance suite).</li>
 *   <li><b>Errors</b>: {@code step()} checks every gradient before writing anything; constructors and
 *       {@code addParamGroup} check ranges as PyTorch does; a later {@code ParamGroup.set} checks types only,
 *       as PyTorch's {@code group[key] = value} checks nothing.</li>
 * </ul>
 */
package org.grad4j.optim;
