package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code torch.nn.utils.rnn}: packing padded batches of variable-length sequences into a
 * {@link PackedSequence} for {@link RNN}, {@link LSTM} and {@link GRU}, and back, with PyTorch 1.13's layouts,
 * errors and gradients.
 *
 * <pre>{@code
 * PackedSequence p = RnnUtils.packPaddedSequence(x, new long[] {5, 3, 2}, false, true);   // x [5, 3, 8]
 * RNNBase.PackedOutput o = lstm.forwardPacked(p, null, null);
 * RnnUtils.Padded y = RnnUtils.padPackedSequence(o.output());   // y.output() [5, 3, H], y.lengths() [5, 3, 2]
 * }</pre>
 */
public final class RnnUtils {
    /**
     * {@link #padPackedSequence}'s result, PyTorch's {@code (padded, lengths)}.
     *
     * @param output the padded batch, {@code [T, B, *]} ({@code [B, T, *]} batch first)
     * @param lengths each sequence's length, in the original batch order: int64 on the CPU
     */
    public record Padded(Tensor output, Tensor lengths) {
    }

    private RnnUtils() {
    }

    /**
     * {@code pack_padded_sequence(input, lengths)}: time first, lengths sorted in decreasing order.
     *
     * @param input {@code [T, B, *]}
     * @param lengths the length of each of the B sequences
     * @return the packed batch
     */
    public static PackedSequence packPaddedSequence(Tensor input, long[] lengths) {
        return packPaddedSequence(input, lengths, false, true);
    }

    /**
     * {@code pack_padded_sequence(input, lengths, batch_first, enforce_sorted)} with the lengths as a list.
     *
     * @param input {@code [T, B, *]} ({@code [B, T, *]} batch first)
     * @param lengths the length of each of the B sequences
     * @param batchFirst whether the input is {@code [B, T, *]}
     * @param enforceSorted whether the lengths must be in decreasing order (else the batch is sorted, and the
     *     permutation kept in the result)
     * @return the packed batch
     */
    public static PackedSequence packPaddedSequence(Tensor input, long[] lengths, boolean batchFirst, boolean enforceSorted) {
        if (lengths == null) {
            throw new IllegalArgumentException("packPaddedSequence: expected lengths, got null");
        }
        return packPaddedSequence(input, Tensor.of(lengths.clone(), lengths.length), batchFirst, enforceSorted);
    }

    /**
     * PyTorch's {@code pack_padded_sequence(input, lengths, batch_first, enforce_sorted)}: step {@code t} of the
     * result holds the sequences longer than {@code t}, in decreasing order of length. With {@code enforceSorted},
     * the lengths must already decrease (PyTorch's error otherwise); without it, the batch is sorted (by
     * {@code torch.sort(lengths, descending=True)}) and the permutation is kept as {@code sorted_indices}. The packed
     * data's gradient flows back to {@code input} (zero at the padding).
     *
     * @param input {@code [T, B, *]} ({@code [B, T, *]} batch first)
     * @param lengths a 1-D CPU tensor of the B lengths (converted to int64, as {@code torch.as_tensor} does)
     * @param batchFirst whether the input is {@code [B, T, *]}
     * @param enforceSorted whether the lengths must be in decreasing order
     * @return the packed batch
     */
    public static PackedSequence packPaddedSequence(Tensor input, Tensor lengths, boolean batchFirst, boolean enforceSorted) {
        if (input == null || lengths == null) {
            throw new IllegalArgumentException("packPaddedSequence: expected input and lengths tensors, got null");
        }
        if (lengths.dim() != 1 || !lengths.device().equals(Device.CPU)) {
            throw new IllegalArgumentException("packPaddedSequence: 'lengths' argument should be a 1D CPU int64 tensor, "
                    + "but got " + lengths.dim() + "D " + lengths.device() + " Long tensor");
        }
        if (input.dim() < 2) {
            throw new IllegalArgumentException("packPaddedSequence: expected an input of at least 2 dimensions ([T, B, *]"
                    + (batchFirst ? ", batch first [B, T, *]" : "") + "), got shape " + Arrays.toString(input.shape()));
        }
        Tensor len = lengths.dtype() == DType.INT64 ? lengths : lengths.to(DType.INT64);
        int batchDim = batchFirst ? 0 : 1;
        if (len.size(0) != input.size(batchDim)) {
            throw new IllegalArgumentException("packPaddedSequence: Expected `len(lengths)` to be equal to batch_size, "
                    + "but got " + len.size(0) + " (batch_size=" + input.size(batchDim) + ")");
        }
        Tensor sortedIndices = null;
        Tensor x = input;
        if (!enforceSorted) {
            ValuesIndices s = len.sort(-1, true);
            len = s.values();
            sortedIndices = s.indices().to(input.device());
            x = input.indexSelect(batchDim, sortedIndices);
        }
        Tensor[] packed = pack(batchFirst ? x.transpose(0, 1) : x, len.toLongArray());
        return new PackedSequence(packed[0], packed[1], sortedIndices, null);
    }

    /** ATen's {@code _pack_padded_sequence} on a time-first input: {data, batch_sizes}. */
    private static Tensor[] pack(Tensor input, long[] lengths) {
        if (input.numel() == 0) {
            throw new IllegalArgumentException("packPaddedSequence: Cannot pack empty tensors. (input of shape "
                    + Arrays.toString(input.shape()) + ")");
        }
        int batch = lengths.length;
        if (lengths[batch - 1] <= 0) {
            throw new IllegalArgumentException("packPaddedSequence: Length of all samples has to be greater than 0, but "
                    + "found an element in 'lengths' that is <= 0 (lengths " + Arrays.toString(lengths) + ")");
        }
        for (int i = 0; i < batch - 1; i++) {
            if (lengths[batch - 1 - i] > lengths[batch - 2 - i]) {
                throw new IllegalArgumentException("packPaddedSequence: `lengths` array must be sorted in decreasing "
                        + "order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                        + "pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need "
                        + "ONNX exportability. (lengths " + Arrays.toString(lengths) + ")");
            }
        }
        if (lengths[0] > input.size(0)) {
            // PyTorch packs such a batch without a word, into data shorter than its batch_sizes claim
            throw new IllegalArgumentException("packPaddedSequence: the longest length " + lengths[0] + " exceeds the "
                    + "input's sequence length " + input.size(0) + " (time-first shape " + Arrays.toString(input.shape())
                    + ")");
        }
        int[] stepShape = new int[input.dim() - 1];
        stepShape[0] = -1;
        System.arraycopy(input.shape(), 2, stepShape, 1, input.dim() - 2);
        List<Tensor> steps = new ArrayList<>();
        long[] batchSizes = new long[(int) lengths[0]];
        int prev = 0;
        for (int i = 0; i < batch; i++) {
            int l = (int) lengths[batch - 1 - i];
            if (l > prev) {
                int current = batch - i;
                steps.add(input.narrow(0, prev, l - prev).narrow(1, 0, current).contiguous().view(stepShape));
                Arrays.fill(batchSizes, prev, l, current);
                prev = l;
            }
        }
        Tensor data = steps.size() == 1 ? steps.get(0) : Tensor.cat(steps, 0);
        return new Tensor[] {data, Tensor.of(batchSizes, batchSizes.length)};
    }

    /**
     * {@code pad_packed_sequence(sequence)}: time first, zero padding, as long as the longest sequence.
     *
     * @param sequence the packed batch
     * @return the padded batch and the lengths
     */
    public static Padded padPackedSequence(PackedSequence sequence) {
        return padPackedSequence(sequence, false, 0.0);
    }

    /**
     * {@code pad_packed_sequence(sequence, batch_first, padding_value)}: as long as the longest sequence.
     *
     * @param sequence the packed batch
     * @param batchFirst whether the result is {@code [B, T, *]}
     * @param paddingValue the value of the padding
     * @return the padded batch and the lengths
     */
    public static Padded padPackedSequence(PackedSequence sequence, boolean batchFirst, double paddingValue) {
        return unpack(sequence, batchFirst, paddingValue, -1);
    }

    /**
     * PyTorch's {@code pad_packed_sequence(sequence, batch_first, padding_value, total_length)}: the inverse of
     * {@link #packPaddedSequence}, padded with {@code paddingValue} to {@code totalLength} steps, in the original batch
     * order.
     *
     * @param sequence the packed batch
     * @param batchFirst whether the result is {@code [B, T, *]}
     * @param paddingValue the value of the padding
     * @param totalLength the number of steps of the result, at least the longest sequence's length
     * @return the padded batch and the lengths
     */
    public static Padded padPackedSequence(PackedSequence sequence, boolean batchFirst, double paddingValue, int totalLength) {
        if (sequence != null && totalLength < sequence.batchSizes().size(0)) {
            throw new IllegalArgumentException("padPackedSequence: Expected total_length to be at least the length of "
                    + "the longest sequence in input, but got total_length=" + totalLength + " and max sequence length "
                    + "being " + sequence.batchSizes().size(0));
        }
        return unpack(sequence, batchFirst, paddingValue, totalLength);
    }

    /** ATen's {@code _pad_packed_sequence}, then the original order. */
    private static Padded unpack(PackedSequence sequence, boolean batchFirst, double paddingValue, int totalLength) {
        if (sequence == null) {
            throw new IllegalArgumentException("padPackedSequence: expected a PackedSequence, got null");
        }
        Tensor data = sequence.data();
        long[] batchSizes = sequence.batchSizesArray();
        checkBatchSizes("padPackedSequence", data, batchSizes);
        int maxBatch = (int) batchSizes[0];
        int steps = batchSizes.length;
        int maxLength = totalLength > 0 ? totalLength : steps;
        int[] shape = new int[data.dim() + 1];
        shape[0] = maxLength;
        shape[1] = maxBatch;
        System.arraycopy(data.shape(), 1, shape, 2, data.dim() - 1);
        Tensor output = Tensor.full(shape, paddingValue, data.dtype(), data.device());
        int[] viewShape = shape.clone();
        long[] lengths = new long[maxBatch];
        int next = maxBatch - 1;
        int offset = 0;
        int prevBatch = maxBatch;
        int prevI = 0;
        for (int i = 0; i <= steps; i++) {
            int b = i != steps ? (int) batchSizes[i] : 0;
            if (b != prevBatch) {
                int l = prevBatch * (i - prevI);
                viewShape[0] = i - prevI;
                viewShape[1] = prevBatch;
                output.narrow(0, prevI, i - prevI).narrow(1, 0, prevBatch).copy_(data.narrow(0, offset, l).view(viewShape));
                offset += l;
                prevI = i;
            }
            for (int j = 0; j < prevBatch - b; j++) {
                lengths[next--] = i;
            }
            prevBatch = b;
        }
        if (batchFirst) {
            output = output.transpose(0, 1);
        }
        Tensor len = Tensor.of(lengths, maxBatch);
        Tensor unsorted = sequence.unsortedIndices();
        if (unsorted != null) {
            output = output.indexSelect(batchFirst ? 0 : 1, unsorted);
            len = len.indexSelect(0, unsorted.to(Device.CPU));
        }
        return new Padded(output, len);
    }

    /** The batch sizes a layer or unpacking can walk: positive, non-increasing, summing to the data's length. */
    static void checkBatchSizes(String op, Tensor data, long[] batchSizes) {
        long sum = 0;
        for (int i = 0; i < batchSizes.length; i++) {
            if (batchSizes[i] <= 0 || (i > 0 && batchSizes[i] > batchSizes[i - 1])) {
                throw new IllegalArgumentException(op + ": batch_sizes must be positive and non-increasing, got "
                        + Arrays.toString(batchSizes));
            }
            sum += batchSizes[i];
        }
        if (batchSizes.length == 0 || data.dim() == 0 || sum != data.size(0)) {
            throw new IllegalArgumentException(op + ": the packed data of shape " + Arrays.toString(data.shape())
                    + " does not hold sum(batch_sizes) = " + sum + " rows (batch_sizes " + Arrays.toString(batchSizes) + ")");
        }
    }

    /**
     * {@code pad_sequence(sequences)}: time first, zero padding.
     *
     * @param sequences tensors {@code [L_i, *]} with equal trailing dimensions
     * @return {@code [max L_i, B, *]}
     */
    public static Tensor padSequence(List<Tensor> sequences) {
        return padSequence(sequences, false, 0.0);
    }

    /**
     * PyTorch's {@code pad_sequence(sequences, batch_first, padding_value)}: the sequences side by side, each padded
     * with {@code paddingValue} to the longest one's length, in the first sequence's dtype and on its device.
     *
     * @param sequences tensors {@code [L_i, *]} with equal (or broadcastable) trailing dimensions
     * @param batchFirst whether the result is {@code [B, max L_i, *]}
     * @param paddingValue the value of the padding
     * @return {@code [max L_i, B, *]} ({@code [B, max L_i, *]} batch first)
     */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException("padSequence: received an empty list of sequences");
        }
        int maxLength = 0;
        for (int i = 0; i < sequences.size(); i++) {
            Tensor s = sequences.get(i);
            if (s == null) {
                throw new IllegalArgumentException("padSequence: sequence " + i + " is null");
            }
            if (s.dim() == 0) {
                throw new IndexOutOfBoundsException("padSequence: Dimension specified as 0 but tensor has no dimensions "
                        + "(sequence " + i + " is 0-d)");
            }
            maxLength = Math.max(maxLength, s.size(0));
        }
        Tensor first = sequences.get(0);
        int[] trailing = Arrays.copyOfRange(first.shape(), 1, first.dim());
        for (int i = 1; i < sequences.size(); i++) {
            checkTrailing(sequences.get(i), trailing);
        }
        int n = sequences.size();
        int[] shape = new int[trailing.length + 2];
        shape[0] = batchFirst ? n : maxLength;
        shape[1] = batchFirst ? maxLength : n;
        System.arraycopy(trailing, 0, shape, 2, trailing.length);
        Tensor out = Tensor.full(shape, paddingValue, first.dtype(), first.device());
        for (int i = 0; i < n; i++) {
            Tensor s = sequences.get(i);
            Tensor slot = batchFirst ? out.select(0, i).narrow(0, 0, s.size(0)) : out.narrow(0, 0, s.size(0)).select(1, i);
            slot.copy_(s);
        }
        return out;
    }

    /** PyTorch's {@code copy_} check: {@code s} must broadcast to its slot {@code [L_i, *trailing]}. */
    private static void checkTrailing(Tensor s, int[] trailing) {
        int[] src = s.shape();
        int[] dst = new int[trailing.length + 1];
        dst[0] = src[0];
        System.arraycopy(trailing, 0, dst, 1, trailing.length);
        if (src.length > dst.length) {
            throw new IllegalArgumentException("padSequence: a sequence of shape " + Arrays.toString(src) + " does not "
                    + "fit the first one's trailing dimensions " + Arrays.toString(trailing));
        }
        for (int k = 1; k <= src.length; k++) {
            int a = dst[dst.length - k];
            int b = src[src.length - k];
            if (a != b && b != 1) {
                throw new IllegalArgumentException("padSequence: The size of tensor a (" + a + ") must match the size of "
                        + "tensor b (" + b + ") at non-singleton dimension " + (dst.length - k) + " (a sequence of shape "
                        + Arrays.toString(src) + ", the first one's trailing dimensions " + Arrays.toString(trailing) + ")");
            }
        }
    }

    /**
     * {@code pack_sequence(sequences)}: the sequences sorted by decreasing length.
     *
     * @param sequences tensors {@code [L_i, *]}
     * @return the packed batch
     */
    public static PackedSequence packSequence(List<Tensor> sequences) {
        return packSequence(sequences, true);
    }

    /**
     * PyTorch's {@code pack_sequence(sequences, enforce_sorted)}: {@code pack_padded_sequence(pad_sequence(sequences),
     * lengths, enforce_sorted=enforce_sorted)}.
     *
     * @param sequences tensors {@code [L_i, *]}
     * @param enforceSorted whether the sequences must be in decreasing order of length
     * @return the packed batch
     */
    public static PackedSequence packSequence(List<Tensor> sequences, boolean enforceSorted) {
        Tensor padded = padSequence(sequences);
        long[] lengths = new long[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences.get(i).size(0);
        }
        return packPaddedSequence(padded, lengths, false, enforceSorted);
    }

    /**
     * {@code unpad_sequence(padded_sequences, lengths, batch_first)} with the lengths as a list.
     *
     * @param paddedSequences {@code [T, B, *]} ({@code [B, T, *]} batch first)
     * @param lengths the length of each sequence
     * @param batchFirst whether the input is {@code [B, T, *]}
     * @return the B sequences {@code [L_i, *]}
     */
    public static List<Tensor> unpadSequence(Tensor paddedSequences, long[] lengths, boolean batchFirst) {
        if (lengths == null) {
            throw new IllegalArgumentException("unpadSequence: expected lengths, got null");
        }
        return unpadSequence(paddedSequences, Tensor.of(lengths.clone(), lengths.length), batchFirst);
    }

    /**
     * PyTorch's {@code unpad_sequence(padded_sequences, lengths, batch_first)}: the inverse of {@link #padSequence},
     * each sequence the first {@code lengths[i]} steps of its column, selected by a mask ({@code seq[idx < length]},
     * grad_fn {@code IndexBackward0}). PyTorch transposes a time-first input in place ({@code transpose_}); grad4j
     * leaves the caller's tensor as it is and reads a transposed view.
     *
     * @param paddedSequences {@code [T, B, *]} ({@code [B, T, *]} batch first)
     * @param lengths the length of each sequence, a 1-D tensor (as many as the batch; extra ones are ignored, as
     *     Python's {@code zip} ignores them)
     * @param batchFirst whether the input is {@code [B, T, *]}
     * @return the sequences {@code [L_i, *]}
     */
    public static List<Tensor> unpadSequence(Tensor paddedSequences, Tensor lengths, boolean batchFirst) {
        if (paddedSequences == null || lengths == null) {
            throw new IllegalArgumentException("unpadSequence: expected padded_sequences and lengths tensors, got null");
        }
        if (paddedSequences.dim() < 2 || lengths.dim() != 1) {
            throw new IllegalArgumentException("unpadSequence: expected padded sequences of at least 2 dimensions and "
                    + "1-D lengths, got shapes " + Arrays.toString(paddedSequences.shape()) + " and "
                    + Arrays.toString(lengths.shape()));
        }
        Tensor padded = batchFirst ? paddedSequences : paddedSequences.transpose(0, 1);
        Tensor idx = Tensor.arange(padded.size(1));
        double[] len = lengths.toDoubleArray();
        int n = Math.min(padded.size(0), len.length);
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tensor mask = idx.lt(len[i]).to(padded.device());
            out.add(padded.select(0, i).index(mask));
        }
        return out;
    }

    /**
     * PyTorch's {@code unpack_sequence(packed_sequences)}: the inverse of {@link #packSequence}, the sequences in their
     * original order ({@code unpad_sequence(*pad_packed_sequence(packed, batch_first=True), batch_first=True)}).
     *
     * @param packedSequences the packed batch
     * @return the sequences {@code [L_i, *]}
     */
    public static List<Tensor> unpackSequence(PackedSequence packedSequences) {
        Padded padded = padPackedSequence(packedSequences, true, 0.0);
        return unpadSequence(padded.output(), padded.lengths(), true);
    }

    /**
     * PyTorch's {@code invert_permutation(permutation)}: the permutation {@code q} with {@code q[p[i]] = i}, on
     * {@code permutation}'s device (PyTorch scatters into an uninitialised tensor, so positions no index names are
     * unspecified there; grad4j leaves them 0).
     *
     * @param permutation a 1-D int64 permutation, or null
     * @return its inverse, or null for null
     */
    public static Tensor invertPermutation(Tensor permutation) {
        if (permutation == null) {
            return null;
        }
        if (permutation.dim() != 1 || permutation.dtype() != DType.INT64) {
            throw new IllegalArgumentException("invertPermutation: expected a 1-D int64 permutation, got shape "
                    + Arrays.toString(permutation.shape()) + " of dtype " + permutation.dtype().torchName());
        }
        long[] p = permutation.toLongArray();
        long[] inverse = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || p[i] >= p.length) {
                throw new IllegalArgumentException("invertPermutation: index " + p[i] + " is out of bounds for "
                        + "dimension 0 with size " + p.length);
            }
            inverse[(int) p[i]] = i;
        }
        return Tensor.of(inverse, inverse.length).to(permutation.device());
    }
}
