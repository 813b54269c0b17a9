package org.grad4j.optim.swa;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.BatchNorm1d;
import org.grad4j.nn.Module;

/** PyTorch's {@code torch.optim.swa_utils.update_bn}. */
public final class SwaUtils {
    private SwaUtils() {
    }

    /**
     * PyTorch's {@code update_bn(loader, model)}.
     *
     * @param loader the batches
     * @param model the model
     * @see #updateBn(Iterable, Module, Device)
     */
    public static void updateBn(Iterable<?> loader, Module model) {
        updateBn(loader, model, null);
    }

    /**
     * PyTorch's {@code update_bn(loader, model, device)}: recomputes every BatchNorm's running statistics as the
     * cumulative average over one pass of {@code loader} (running mean 0, variance 1, count 0, momentum null for the
     * pass, then restored), without grad, in training mode, then restores the model's mode. Each batch is a tensor,
     * or a list or array whose first element is the input.
     *
     * @param loader the batches (a {@code DataLoader}, a list of tensors, ...)
     * @param model the model
     * @param device where each input is moved first, or null
     * @throws IllegalArgumentException if a batch is neither a tensor nor a list or array starting with one
     */
    public static void updateBn(Iterable<?> loader, Module model, Device device) {
        if (loader == null || model == null) {
            throw new IllegalArgumentException("updateBn: expected a loader and a model, got "
                    + (loader == null ? "a null loader" : "a null model"));
        }
        Map<BatchNorm1d, Double> momenta = new IdentityHashMap<>();
        for (Module m : model.modules()) {
            if (m instanceof BatchNorm1d bn && bn.runningMean() != null) {
                momenta.put(bn, bn.momentum());
            }
        }
        if (momenta.isEmpty()) {
            return;
        }
        boolean wasTraining = model.isTraining();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (BatchNorm1d bn : momenta.keySet()) {
                bn.runningMean().copy_(Tensor.zerosLike(bn.runningMean()));
                bn.runningVar().copy_(Tensor.onesLike(bn.runningVar()));
                Tensor count = bn.getBuffer("num_batches_tracked");
                count.copy_(count.mul(0L));
                bn.setMomentum(null);
            }
            model.train();
            for (Object batch : loader) {
                Tensor input = firstTensor(batch);
                model.call(device != null ? input.to(device) : input);
            }
        } finally {
            momenta.forEach(BatchNorm1d::setMomentum);
            model.train(wasTraining);
        }
    }

    private static Tensor firstTensor(Object batch) {
        Object first = batch;
        if (batch instanceof List<?> list && !list.isEmpty()) {
            first = list.get(0);
        } else if (batch instanceof Object[] array && array.length > 0) {
            first = array[0];
        }
        if (!(first instanceof Tensor t)) {
            throw new IllegalArgumentException("updateBn: expected each batch to be a tensor or a list or array whose "
                    + "first element is the input tensor, got " + (batch == null ? "null" : batch.getClass().getSimpleName()));
        }
        return t;
    }
}
