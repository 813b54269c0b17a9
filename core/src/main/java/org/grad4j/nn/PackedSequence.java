package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/**
 * A batch of sequences of different lengths packed time step by time step, PyTorch's
 * {@code torch.nn.utils.rnn.PackedSequence}: {@code data} holds, for each step {@code t}, the {@code batch_sizes[t]}
 * sequences still running at {@code t} (sorted by decreasing length), one after the other; {@code batch_sizes} is an
 * int64 CPU tensor; {@code sorted_indices} (int64, or null when the batch was already sorted) gives, for each packed
 * column, the original batch index, and {@code unsorted_indices} is its inverse. Made by
 * {@link RnnUtils#packPaddedSequence} and {@link RnnUtils#packSequence}; {@link RNN}, {@link LSTM} and {@link GRU} take
 * and return one, and {@link RnnUtils#padPackedSequence} unpacks it.
 */
public final class PackedSequence {
    private final Tensor data;
    private final Tensor batchSizes;
    private final Tensor sortedIndices;
    private final Tensor unsortedIndices;

    /**
     * A packed batch without a permutation (the sequences were sorted by decreasing length).
     *
     * @param data the packed steps, {@code [sum(batch_sizes), *]}
     * @param batchSizes the number of sequences at each step, a 1-D int64 CPU tensor
     */
    public PackedSequence(Tensor data, Tensor batchSizes) {
        this(data, batchSizes, null, null);
    }

    /**
     * PyTorch's {@code PackedSequence(data, batch_sizes, sorted_indices, unsorted_indices)}: with
     * {@code unsortedIndices} null, it is computed as the inverse permutation of {@code sortedIndices}.
     *
     * @param data the packed steps, {@code [sum(batch_sizes), *]}
     * @param batchSizes the number of sequences at each step, a 1-D int64 CPU tensor
     * @param sortedIndices the original batch index of each packed column, or null
     * @param unsortedIndices the inverse of {@code sortedIndices}, or null to compute it
     */
    public PackedSequence(Tensor data, Tensor batchSizes, Tensor sortedIndices, Tensor unsortedIndices) {
        if (data == null || batchSizes == null) {
            throw new IllegalArgumentException("PackedSequence: expected data and batch_sizes tensors, got null");
        }
        if (!batchSizes.device().equals(Device.CPU)) {
            throw new IllegalArgumentException("PackedSequence: batch_sizes should always be on CPU (got "
                    + batchSizes.device() + "). Instances of PackedSequence should never be created manually. They "
                    + "should be instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn.");
        }
        if (batchSizes.dtype() != DType.INT64 || batchSizes.dim() != 1) {
            throw new IllegalArgumentException("PackedSequence: 'batch_sizes' should be a 1D CPU int64 tensor, but got "
                    + batchSizes.dim() + "D " + batchSizes.dtype().torchName() + " tensor");
        }
        this.data = data;
        this.batchSizes = batchSizes;
        this.sortedIndices = sortedIndices;
        this.unsortedIndices = unsortedIndices != null ? unsortedIndices : RnnUtils.invertPermutation(sortedIndices);
    }

    /**
     * The packed steps.
     *
     * @return {@code data}, {@code [sum(batch_sizes), *]}
     */
    public Tensor data() {
        return data;
    }

    /**
     * The number of sequences at each step.
     *
     * @return {@code batch_sizes}, 1-D int64 on the CPU
     */
    public Tensor batchSizes() {
        return batchSizes;
    }

    /**
     * The original batch index of each packed column.
     *
     * @return {@code sorted_indices}, or null
     */
    public Tensor sortedIndices() {
        return sortedIndices;
    }

    /**
     * The packed column of each original batch index.
     *
     * @return {@code unsorted_indices}, or null
     */
    public Tensor unsortedIndices() {
        return unsortedIndices;
    }

    /**
     * PyTorch's {@code packed.to(dtype)}: the data converted, the rest shared.
     *
     * @param dtype the data's new dtype
     * @return this if nothing changes, else a new PackedSequence
     */
    public PackedSequence to(DType dtype) {
        Tensor d = data.to(dtype);
        return d == data ? this : new PackedSequence(d, batchSizes, sortedIndices, unsortedIndices);
    }

    /**
     * PyTorch's {@code packed.to(device)}: the data and the permutations moved; {@code batch_sizes} stays on the CPU.
     *
     * @param device the new device
     * @return this if nothing changes, else a new PackedSequence
     */
    public PackedSequence to(Device device) {
        Tensor d = data.to(device);
        if (d == data) {
            return this;
        }
        return new PackedSequence(d, batchSizes, sortedIndices == null ? null : sortedIndices.to(device),
                unsortedIndices == null ? null : unsortedIndices.to(device));
    }

    /**
     * Python's repr of the named tuple.
     *
     * @return {@code PackedSequence(data=..., batch_sizes=..., sorted_indices=..., unsorted_indices=...)}
     */
    @Override
    public String toString() {
        return "PackedSequence(data=" + data + ", batch_sizes=" + batchSizes + ", sorted_indices="
                + (sortedIndices == null ? "None" : sortedIndices.toString()) + ", unsorted_indices="
                + (unsortedIndices == null ? "None" : unsortedIndices.toString()) + ")";
    }

    /** The batch sizes as longs, for the layers' loops. */
    long[] batchSizesArray() {
        return batchSizes.toLongArray();
    }
}
