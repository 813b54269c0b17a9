package org.grad4j.optim.swa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Module;

/**
 * PyTorch's {@code torch.optim.swa_utils.AveragedModel}: a running average of a model's parameters (and, with
 * {@code useBuffers}, its buffers) in a copy of the model, registered as {@code module}, with the count in the
 * int64 buffer {@code n_averaged}; its forward is the copy's.
 *
 * <p>Java cannot deep-copy an arbitrary module, so the caller passes a second instance of the same architecture;
 * it receives the model's state dict at construction, which is what PyTorch's {@code deepcopy(model)} holds.
 *
 * <pre>{@code
 * AveragedModel swa = new AveragedModel(model, new Net());
 * swa.updateParameters(model);      // each epoch after swa_start
 * SwaUtils.updateBn(loader, swa);   // then recompute BatchNorm statistics
 * }</pre>
 */
public class AveragedModel extends Module {
    private final Module module;
    private final AvgFn avgFn;
    private final boolean useBuffers;

    /** The averaging function, PyTorch's {@code avg_fn(averaged_param, model_param, num_averaged)}. */
    @FunctionalInterface
    public interface AvgFn {
        /**
         * @param averaged the running average so far (detached)
         * @param model the model's value (detached, on the average's device)
         * @param numAveraged the int64 count of models averaged so far, 0-d
         * @return the new average
         */
        Tensor apply(Tensor averaged, Tensor model, Tensor numAveraged);
    }

    /**
     * {@code AveragedModel(model)}: the equal-weight average of the parameters.
     *
     * @param model the model to average
     * @param copy a second instance of the model's architecture; it takes the model's values and becomes
     *        {@code module}
     */
    public AveragedModel(Module model, Module copy) {
        this(model, copy, null, null, false);
    }

    /**
     * Every option.
     *
     * @param model the model to average
     * @param copy a second instance of the model's architecture; it takes the model's values and becomes
     *        {@code module}
     * @param device where the average lives, or null to keep the copy's device
     * @param avgFn the averaging function, or null for the equal-weight average
     *        {@code averaged + (model - averaged) / (n + 1)}
     * @param useBuffers whether buffers are averaged too (otherwise only parameters)
     * @throws IllegalArgumentException if {@code copy} is {@code model}, or their state dicts differ in keys or shapes
     */
    public AveragedModel(Module model, Module copy, Device device, AvgFn avgFn, boolean useBuffers) {
        if (model == null || copy == null) {
            throw new IllegalArgumentException("AveragedModel: expected a model and a copy of it, got null");
        }
        if (copy == model) {
            throw new IllegalArgumentException("AveragedModel: the copy must be a second instance of the model's "
                    + "architecture, not the model itself");
        }
        if (device != null && !device.isAvailable()) {
            throw new IllegalArgumentException("AveragedModel: device " + device + " is not available");
        }
        copy.loadStateDict(model.stateDict());   // refuses different keys or shapes before anything else changes
        if (device != null) {
            copy.to(device);
        }
        this.module = registerModule("module", copy);
        registerBuffer("n_averaged", Tensor.scalar(0L).to(device != null ? device : deviceOf(copy)));
        this.avgFn = avgFn != null ? avgFn
                : (averaged, current, n) -> averaged.add(current.sub(averaged).div(n.add(1L)));
        this.useBuffers = useBuffers;
    }

    private static Device deviceOf(Module m) {
        for (Tensor t : m.stateDict().values()) {
            return t.device();
        }
        return Device.fromSystemProperty();
    }

    /**
     * The averaged copy's forward.
     *
     * @param input the input
     * @return {@code module.call(input)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return module.call(input);
    }

    /**
     * The averaged copy, PyTorch's {@code averaged_model.module}.
     *
     * @return the copy
     */
    public Module module() {
        return module;
    }

    /**
     * The number of models averaged so far, PyTorch's {@code n_averaged}.
     *
     * @return the count
     */
    public long nAveraged() {
        return getBuffer("n_averaged").itemLong();
    }

    private List<Tensor> tensors(Module m) {
        List<Tensor> out = new ArrayList<>(m.parameters());
        if (useBuffers) {
            out.addAll(m.buffers());
        }
        return out;
    }

    /**
     * PyTorch's {@code update_parameters(model)}: the first call copies the model's values, later calls average them
     * in; then {@code n_averaged} grows by one. Pairs are matched in order, as PyTorch's {@code zip}.
     *
     * @param model the model (the same architecture)
     * @throws IllegalArgumentException if a paired tensor's shape differs; nothing is updated then
     */
    public void updateParameters(Module model) {
        if (model == null) {
            throw new IllegalArgumentException("AveragedModel.updateParameters: expected a model, got null");
        }
        List<Tensor> mine = tensors(module);
        List<Tensor> theirs = tensors(model);
        int pairs = Math.min(mine.size(), theirs.size());
        for (int i = 0; i < pairs; i++) {
            if (!Arrays.equals(mine.get(i).shape(), theirs.get(i).shape()) || theirs.get(i).isReleased()) {
                throw new IllegalArgumentException("AveragedModel.updateParameters: tensor " + i + " of the model has "
                        + "shape " + Arrays.toString(theirs.get(i).shape()) + (theirs.get(i).isReleased() ? " and was released"
                        : "") + ", the average's " + Arrays.toString(mine.get(i).shape()));
            }
        }
        Tensor n = getBuffer("n_averaged");
        long count = n.itemLong();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            List<Tensor> updated = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {   // computed first: a failing avg_fn leaves the average as it was
                Tensor average = mine.get(i).detach();
                Tensor current = theirs.get(i).detach().to(average.device());
                if (count == 0) {
                    updated.add(current);
                } else {
                    Tensor next = avgFn.apply(average, current, n.to(average.device()));
                    if (next == null || !Arrays.equals(next.shape(), average.shape())) {
                        throw new IllegalArgumentException("AveragedModel.updateParameters: avg_fn returned "
                                + (next == null ? "null" : "shape " + Arrays.toString(next.shape())) + " for tensor "
                                + i + " of shape " + Arrays.toString(average.shape()));
                    }
                    updated.add(next);
                }
            }
            for (int i = 0; i < pairs; i++) {
                Tensor average = mine.get(i).detach();
                Tensor value = updated.get(i);
                average.copy_(value.dtype() == average.dtype() ? value : value.to(average.dtype()));   // copy_ casts
            }
            n.copy_(n.add(1L));
        }
    }
}
