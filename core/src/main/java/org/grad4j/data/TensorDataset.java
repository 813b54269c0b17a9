package org.grad4j.data;

import org.grad4j.Tensor;

/**
 * Tensors indexed along their first dimension, like {@code torch.utils.data.TensorDataset}: item
 * {@code i} holds row {@code i} of each tensor ({@code tensor.select(0, i)}, a view).
 *
 * <p>A {@link DataLoader} does not go through {@link #get(int)}: it gathers a batch's rows from a host copy
 * of each tensor and uploads the batch once. The host copy is taken on the first batch and taken again when
 * a tensor's version changes (an in-place update), so batches always see the current values.
 */
public final class TensorDataset implements Dataset<Tensor[]> {
    private final Tensor[] tensors;
    private final int size;
    /** Host copies for collation (float[], double[] or long[]), with the version they were read at. */
    private final Object[] host;
    private final int[] hostVersion;

    /**
     * A dataset of the rows of {@code tensors}.
     *
     * @param tensors one or more tensors of at least one dimension, all with the same first size
     * @throws IllegalArgumentException if there is no tensor, one is null or 0-d, or the first sizes differ
     */
    public TensorDataset(Tensor... tensors) {
        if (tensors == null || tensors.length == 0) {
            throw new IllegalArgumentException("TensorDataset: expected at least one tensor");
        }
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] == null) {
                throw new IllegalArgumentException("TensorDataset: tensor " + i + " is null");
            }
            if (tensors[i].dim() == 0) {
                throw new IllegalArgumentException("TensorDataset: tensor " + i
                        + " is 0-d (shape []); expected tensors indexed along a first dimension");
            }
            if (tensors[i].size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("TensorDataset: Size mismatch between tensors: tensor 0 has shape "
                        + java.util.Arrays.toString(tensors[0].shape()) + " but tensor " + i + " has shape "
                        + java.util.Arrays.toString(tensors[i].shape()) + "; expected the same first size");
            }
        }
        this.tensors = tensors.clone();
        this.size = tensors[0].size(0);
        this.host = new Object[tensors.length];
        this.hostVersion = new int[tensors.length];
    }

    /** @return the tensors (the same objects, not copies), like PyTorch's {@code dataset.tensors} */
    public Tensor[] tensors() {
        return tensors.clone();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Tensor[] get(int index) {
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("TensorDataset.get: index " + index
                    + " is out of bounds for dimension 0 with size " + size);
        }
        int i0 = index < 0 ? index + size : index;   // Python's dataset[-1]
        Tensor[] item = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            item[i] = tensors[i].select(0, i0);
        }
        return item;
    }

    /**
     * Items {@code start} to {@code end - 1} at once, like PyTorch's {@code dataset[start:end]}: rows
     * {@code [start, end)} of each tensor (views), with Python's slice bounds (negative count from the end,
     * out-of-range bounds clamped, an empty range for {@code end <= start}).
     *
     * @param start the first row
     * @param end the row after the last
     * @return one tensor per field, each of first size {@code end - start} after clamping
     */
    public Tensor[] slice(int start, int end) {
        Tensor[] items = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            items[i] = tensors[i].slice(0, start, end, 1);
        }
        return items;
    }

    /** Whether a tensor requires grad: its batches then go through {@code stack}, recording the graph as PyTorch. */
    boolean requiresGrad() {
        for (Tensor t : tensors) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    int fields() {
        return tensors.length;
    }

    Tensor tensor(int field) {
        return tensors[field];
    }

    /** The host copy of tensor {@code field}, refreshed after an in-place change. */
    synchronized Object host(int field) {
        Tensor t = tensors[field];
        if (host[field] == null || hostVersion[field] != t.version()) {
            host[field] = Collate.toHost(t);
            hostVersion[field] = t.version();
        }
        return host[field];
    }
}
