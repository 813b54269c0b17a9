package org.grad4j.optim;

import java.util.List;
import java.util.Map;

import org.grad4j.Tensor;

/**
 * An optimizer's state in PyTorch's {@code optimizer.state_dict()} layout.
 *
 * <ul>
 *   <li>{@code state}: by parameter index (the position in {@link Optimizer#parameters()}), the named
 *       state of that parameter: {@code "step"} (a 0-d float32 tensor, as PyTorch's Adam, AdamW and
 *       Adagrad keep it; RMSprop's is a Python int in PyTorch), and the buffers: {@code "momentum_buffer"}
 *       (SGD, RMSprop), {@code "exp_avg"}, {@code "exp_avg_sq"}, {@code "max_exp_avg_sq"} (Adam, AdamW),
 *       {@code "square_avg"}, {@code "grad_avg"} (RMSprop), {@code "sum"} (Adagrad), {@code "exp_inf"} (Adamax),
 *       {@code "acc_delta"} (Adadelta), {@code "prev"}, {@code "step_size"} (Rprop), {@code "ax"} (ASGD); numbers
 *       PyTorch keeps as 0-d tensors, after {@code "step"}: {@code "mu_product"} (NAdam), {@code "eta"}, {@code "mu"}
 *       (ASGD), {@code "func_evals"}, {@code "n_iter"} (LBFGS, whose history {@code "d"}, {@code "old_dirs"}, ... is
 *       the first parameter's state: see {@link LBFGS});</li>
 *   <li>{@code paramGroups}: per group its options under PyTorch's names ({@link Double}, {@link Boolean},
 *       {@code List<Double>} for tuples, a {@link String} or null for LBFGS's {@code line_search_fn}) and
 *       {@code "params"}, the {@code List<Integer>} of its parameters'
 *       indices.</li>
 * </ul>
 *
 * @param state the per-parameter state, by parameter index
 * @param paramGroups the groups' options and parameter indices
 */
public record StateDict(Map<Integer, Map<String, Tensor>> state, List<Map<String, Object>> paramGroups) {
    /** Refuses nulls: an optimizer without state has an empty map. */
    public StateDict {
        if (state == null || paramGroups == null) {
            throw new IllegalArgumentException("StateDict: expected a state map (empty for an optimizer without state) "
                    + "and a list of param groups, got state=" + state + ", paramGroups=" + paramGroups);
        }
    }
}
