package org.grad4j.spark;

import java.io.Serializable;
import java.util.function.BiFunction;
import org.grad4j.Tensor;

/**
 * A serializable loss {@code (output, target) -> scalar}, e.g. {@code (y, t) -> new MSELoss().forward(y, t)}.
 * It must be a mean over the batch's rows (PyTorch's default {@code reduction='mean'}): each partition's loss is
 * scaled by its share of the global batch so that the summed gradients are the global mean loss's gradient.
 */
@FunctionalInterface
public interface Loss extends BiFunction<Tensor, Tensor, Tensor>, Serializable {
}
