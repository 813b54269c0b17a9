package org.grad4j.data;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * PyTorch's {@code default_collate} for {@code Tensor[]} items: field {@code j} of a batch stacks field
 * {@code j} of its items into a tensor {@code [B, ...]} of the same dtype and device. Rows are gathered on
 * the host and the batch uploaded once.
 */
final class Collate {
    private Collate() {
    }

    /** A batch of {@code dataset}'s items at {@code indices} (indices into {@code dataset}). */
    static Tensor[] batch(Dataset<Tensor[]> dataset, int[] indices) {
        // Resolve Subsets of a TensorDataset to row indices of its tensors.
        Dataset<Tensor[]> d = dataset;
        int[] rows = indices;
        while (d instanceof Subset<Tensor[]> s) {
            int[] mapped = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                mapped[i] = s.index(rows[i]);
            }
            rows = mapped;
            d = s.dataset();
        }
        if (d instanceof TensorDataset td) {
            Tensor[] out = new Tensor[td.fields()];
            for (int j = 0; j < out.length; j++) {
                Tensor t = td.tensor(j);
                out[j] = gather(td.host(j), t, rows);
            }
            return out;
        }
        return stackItems(dataset, indices);
    }

    /** Any other dataset: fetch the items and stack each field on the host. */
    private static Tensor[] stackItems(Dataset<Tensor[]> dataset, int[] indices) {
        Tensor[][] items = new Tensor[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            items[i] = dataset.get(indices[i]);
            if (items[i] == null || items[i].length != items[0].length) {
                throw new IllegalArgumentException("DataLoader: item " + indices[i] + " has "
                        + (items[i] == null ? "no tensors (null)" : items[i].length + " tensors") + " but item "
                        + indices[0] + " has " + items[0].length + "; expected every item to have the same fields");
            }
        }
        Tensor[] out = new Tensor[items[0].length];
        for (int j = 0; j < out.length; j++) {
            Tensor first = items[0][j];
            int[] rowShape = first.shape();
            int rowSize = first.numel();
            int[] shape = new int[rowShape.length + 1];
            shape[0] = items.length;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            Object all = allocate(first, items.length * rowSize);
            for (int i = 0; i < items.length; i++) {
                Tensor t = items[i][j];
                if (t == null || !Arrays.equals(t.shape(), rowShape) || t.dtype() != first.dtype()
                        || !t.device().equals(first.device())) {
                    throw new IllegalArgumentException("DataLoader: field " + j + " of item " + indices[i] + " is "
                            + describe(t) + " but of item " + indices[0] + " is " + describe(first)
                            + "; stack expects each tensor to be equal size, dtype and device");
                }
                System.arraycopy(toHost(t), 0, all, i * rowSize, rowSize);
            }
            out[j] = upload(all, shape, first.dtype(), first.device());
        }
        return out;
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : "a " + t.dtype().torchName() + " tensor of shape " + Arrays.toString(t.shape())
                + " on " + t.device();
    }

    /** Rows {@code rows} of a tensor of shape {@code shape} whose elements are {@code host}. */
    private static Tensor gather(Object host, Tensor t, int[] rows) {
        int[] shape = t.shape();
        DType dtype = t.dtype();
        Device device = t.device();
        int rowSize = 1;
        for (int k = 1; k < shape.length; k++) {
            rowSize *= shape[k];
        }
        int[] out = shape.clone();
        out[0] = rows.length;
        Object batch = allocate(t, rows.length * rowSize);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(host, rows[i] * rowSize, batch, i * rowSize, rowSize);
        }
        return upload(batch, out, dtype, device);
    }

    static Object toHost(Tensor t) {
        switch (t.dtype()) {
            case FLOAT32:
                return t.toFloatArray();
            case FLOAT64:
                return t.toDoubleArray();
            default:
                return t.toLongArray();    // int64 exactly, bool as 0/1
        }
    }

    /** A host array for {@code n} elements like {@code like}'s, which the caller writes whole and hands to {@link #upload}. */
    private static Object allocate(Tensor like, int n) {
        switch (like.dtype()) {
            case FLOAT32:   // on the CPU a released batch's array, when the steps release their batches
                return Internals.tensors().backend(like).scratchFloats(n);
            case FLOAT64:
                return Internals.tensors().backend(like).scratchDoubles(n);
            default:
                return new long[n];
        }
    }

    private static Tensor upload(Object data, int[] shape, DType dtype, Device device) {
        switch (dtype) {
            case FLOAT32:   // the batch array is this class's own: no copy
                return Internals.tensors().adopt((float[]) data, dtype, device, shape);
            case FLOAT64:
                return Internals.tensors().adopt((double[]) data, dtype, device, shape);
            case INT64:
                return Tensor.of((long[]) data, shape).to(device);
            case INT32:
            case UINT8:
                return Tensor.of((long[]) data, shape).to(dtype).to(device);
            default: {
                long[] v = (long[]) data;
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
                return Tensor.of(b, shape).to(device);
            }
        }
    }
}
