package org.grad4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * What grad4j's own optimizers share: {@link #step()} checks every gradient before anything is written, then,
 * without recording a graph, runs {@link #update} on each parameter that has a gradient, group by group; the
 * state keys they keep and PyTorch's printing.
 */
abstract class BuiltInOptimizer extends Optimizer {
    private final Set<String> stateKeys;

    BuiltInOptimizer(String name, List<Tensor> params, Map<String, Object> defaults, Set<String> stateKeys) {
        super(name, params, defaults);
        this.stateKeys = stateKeys;
    }

    @Override
    final Set<String> stateKeys() {
        return stateKeys;
    }

    @Override
    public final void step() {
        checkGrads();
        List<ParamGroup> groups = paramGroups();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParamGroup group = groups.get(gi);
                List<Tensor> ps = group.params();
                for (int i = 0; i < ps.size(); i++) {
                    Tensor p = ps.get(i);
                    Tensor grad = p.grad();
                    if (grad != null) {
                        update(group, p, grad);
                    }
                }
            }
        }
    }

    /** The update of one parameter that has a gradient, with its group's options. */
    abstract void update(ParamGroup group, Tensor p, Tensor grad);

    /**
     * This parameter's state; on its first update (no {@code first} tensor yet) its step count starts at 0 and
     * {@code first} and {@code second} (unless null) start as zeros like {@code p}, PyTorch's lazy state.
     */
    final ParamState started(Tensor p, String first, String second) {
        ParamState st = state(p);
        if (!st.tensors.containsKey(first)) {
            st.step = 0;
            st.hasStep = true;
            st.tensors.put(first, zerosLike(p));
            if (second != null) {
                st.tensors.put(second, zerosLike(p));
            }
        }
        return st;
    }

    @Override
    public String toString() {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ParamGroup g : paramGroups()) {
            groups.add(torchOptions(g));
        }
        return Optimizers.describe(name(), groups);
    }
}
