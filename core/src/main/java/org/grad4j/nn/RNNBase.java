package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * What the multi-layer recurrent layers share, PyTorch's {@code nn.RNNBase}: per layer {@code k} and direction
 * (suffix {@code _reverse} for the second), the parameters {@code weight_ih_lk}, {@code weight_hh_lk} and, with
 * {@code bias}, {@code bias_ih_lk} and {@code bias_hh_lk}, registered and drawn in that order from
 * U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), so the same seed gives PyTorch's initial values. Layer 0 reads
 * {@code input_size} features, the others {@code directions * hidden_size}. With {@code batch_first} the input and
 * output are {@code [batch, seq, feature]}, else {@code [seq, batch, feature]}; an unbatched input is
 * {@code [seq, feature]}. The hidden states are always {@code [num_layers * directions, batch, hidden_size]}
 * ({@code [num_layers * directions, hidden_size]} unbatched).
 *
 * <p>When training with {@code dropout > 0}, each layer's output but the last goes through dropout drawn from
 * {@link Generator#defaultGenerator()}, as PyTorch's default generator draws it: the same masks for the same seed
 * (with one layer, a non-zero dropout only logs PyTorch's warning).
 * A {@link PackedSequence} input (from {@link RnnUtils}) gives a packed output of the same {@code batch_sizes} and
 * permutation, and each sequence's final states at its own last step ({@link PackedOutput}), as PyTorch computes them.
 */
public abstract sealed class RNNBase extends Module permits RNN, LSTM, GRU {
    /**
     * A forward's result, PyTorch's {@code (output, h_n)} or, for LSTM, {@code (output, (h_n, c_n))}.
     *
     * @param output the last layer's hidden states at every step, {@code [seq, batch, directions * hidden_size]}
     *     (batch first when the layer is; unbatched: {@code [seq, directions * hidden_size]})
     * @param hN every layer's final hidden state, {@code [num_layers * directions, batch, hidden_size]} (LSTM with
     *     projections: {@code proj_size} wide)
     * @param cN LSTM: every layer's final cell state, shaped like {@code hN}; null for RNN and GRU
     */
    public record Output(Tensor output, Tensor hN, Tensor cN) {
    }

    /**
     * A forward's result on a packed input, PyTorch's {@code (output, h_n)} or, for LSTM, {@code (output, (h_n, c_n))}.
     *
     * @param output the last layer's hidden states at every step, packed like the input
     *     ({@code [sum(batch_sizes), directions * hidden_size]}, with its {@code batch_sizes} and permutation)
     * @param hN every layer's final hidden state, each sequence's at its last step, in the original batch order:
     *     {@code [num_layers * directions, batch, hidden_size]}
     * @param cN LSTM: every layer's final cell state, shaped like {@code hN} (hidden_size wide); null for RNN and GRU
     */
    public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {
    }

    private static final System.Logger LOG = System.getLogger("org.grad4j");

    final String name;
    final RecurrentKernels.Mode mode;
    final int inputSize;
    final int hiddenSize;
    /** LSTM's projection size, 0 for none; the hidden states (not the cell states) then have this size. */
    final int projSize;
    final int numLayers;
    final boolean bias;
    final boolean batchFirst;
    final double dropout;
    final boolean bidirectional;
    /** Per {@code layer * directions + direction}: {w_ih, w_hh, b_ih or null, b_hh or null, w_hr or null}. */
    final Tensor[][] weights;

    RNNBase(String name, RecurrentKernels.Mode mode, int inputSize, int hiddenSize, int numLayers, boolean bias,
            boolean batchFirst, double dropout, boolean bidirectional, int projSize, Generator generator, DType dtype,
            Device device) {
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(name + ": dropout should be a number in range [0, 1] representing the "
                    + "probability of an element being zeroed, got " + dropout);
        }
        if (dropout > 0 && numLayers == 1) {
            LOG.log(System.Logger.Level.WARNING, "dropout option adds dropout after all but last recurrent layer, so "
                    + "non-zero dropout expects num_layers greater than 1, but got dropout=" + PythonFloat.repr(dropout)
                    + " and num_layers=" + numLayers);
        }
        if (projSize < 0) {
            throw new IllegalArgumentException(name + ": proj_size should be a positive integer or zero to disable "
                    + "projections, got " + projSize);
        }
        if (projSize >= hiddenSize && hiddenSize > 0) {
            throw new IllegalArgumentException(name + ": proj_size has to be smaller than hidden_size (proj_size "
                    + projSize + ", hidden_size " + hiddenSize + ")");
        }
        if (hiddenSize <= 0) {
            // PyTorch's check (proj_size 0 must be smaller than hidden_size) refuses hidden_size 0 this way
            throw new IllegalArgumentException(name + ": proj_size has to be smaller than hidden_size (hidden_size must "
                    + "be positive, got " + hiddenSize + ")");
        }
        if (inputSize < 0 || numLayers < 1) {
            throw new IllegalArgumentException(name + ": expected input_size >= 0 and num_layers >= 1, got input_size "
                    + inputSize + " and num_layers " + numLayers);
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException(name + ": generator, dtype and device must not be null");
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected a floating dtype, got " + dtype.torchName());
        }
        this.name = name;
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.projSize = projSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int directions = bidirectional ? 2 : 1;
        long r = (long) mode.gates * hiddenSize;
        int real = projSize > 0 ? projSize : hiddenSize;
        long later = (long) real * directions;
        long projection = (long) projSize * hiddenSize;
        double first = (double) r * (inputSize + real + 2) + projection;
        double others = ((double) r * (later + real + 2) + projection) * (numLayers - 1);
        RecurrentKernels.checkParameterSizes(name, dtype, directions * (first + others), new long[] {r, inputSize},
                new long[] {r, numLayers > 1 ? later : 0}, new long[] {r, real}, new long[] {projSize, hiddenSize});
        int rows = (int) r;
        double k = RecurrentKernels.bound(hiddenSize);
        this.weights = new Tensor[numLayers * directions][];
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : (int) later;
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                Tensor[] w = new Tensor[5];
                w[0] = registerParameter("weight_ih" + suffix, RecurrentKernels.uniform(generator, dtype, device, k, rows, in));
                w[1] = registerParameter("weight_hh" + suffix, RecurrentKernels.uniform(generator, dtype, device, k, rows, real));
                if (bias) {
                    w[2] = registerParameter("bias_ih" + suffix, RecurrentKernels.uniform(generator, dtype, device, k, rows));
                    w[3] = registerParameter("bias_hh" + suffix, RecurrentKernels.uniform(generator, dtype, device, k, rows));
                }
                if (projSize > 0) {
                    w[4] = registerParameter("weight_hr" + suffix,
                            RecurrentKernels.uniform(generator, dtype, device, k, projSize, hiddenSize));
                }
                weights[l * directions + d] = w;
            }
        }
    }

    /**
     * The last layer's output sequence; {@code forward(input, ...)} with the hidden states gives the final states too.
     *
     * @param input {@code [seq, batch, input_size]} ({@code [batch, seq, input_size]} batch first) or
     *     {@code [seq, input_size]}
     * @return the output, the first element of PyTorch's tuple
     */
    @Override
    public Tensor forward(Tensor input) {
        return run(input, null, null).output();
    }

    /** PyTorch's {@code forward}: the checks of {@code nn.RNNBase} with their messages, then the layer stack. */
    final Output run(Tensor input, Tensor h0, Tensor c0) {
        boolean lstm = mode == RecurrentKernels.Mode.LSTM;
        if (input == null) {
            throw new IllegalArgumentException(name + ": expected an input tensor, got null");
        }
        if (lstm && (h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException(name + ": expected both h_0 and c_0, or neither (zeros), got "
                    + (h0 == null ? "c_0 only" : "h_0 only"));
        }
        boolean batched = input.dim() == 3;
        int batchDim = batchFirst ? 0 : 1;
        Tensor h = h0;
        Tensor c = c0;
        if (h0 != null) {   // PyTorch checks the states' dimensions before the input's
            int want = batched ? 3 : 2;
            if (h0.dim() != want || (lstm && c0.dim() != want)) {
                String got = lstm ? "(" + h0.dim() + "-D, " + c0.dim() + "-D) tensors" : h0.dim() + "-D tensor";
                throw new IllegalArgumentException(name + ": For " + (batched ? "batched 3-D" : "unbatched 2-D")
                        + " input, " + (lstm ? "hx and cx" : "hx") + " should also be " + want + "-D but got " + got);
            }
            if (!batched) {
                h = h0.unsqueeze(1);
                c = lstm ? c0.unsqueeze(1) : null;
            }
        }
        if (!batched && input.dim() != 2) {   // PyTorch unsqueezes, then finds input.dim() + 1 dimensions
            throw new IllegalArgumentException(name + ": input must have 3 dimensions, got " + (input.dim() + 1)
                    + " (input of shape " + Arrays.toString(input.shape()) + "; expected [" + (batchFirst ? "batch, seq"
                    : "seq, batch") + ", " + inputSize + "] or unbatched [seq, " + inputSize + "])");
        }
        Tensor x = batched ? input : input.unsqueeze(batchDim);
        if (x.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + x.size(-1));
        }
        int batch = x.size(batchDim);
        int[] expected = {numLayers * (bidirectional ? 2 : 1), batch, projSize > 0 ? projSize : hiddenSize};
        int[] expectedCell = {expected[0], batch, hiddenSize};
        if (h == null) {
            h = Tensor.full(expected, 0.0, x.dtype(), x.device());
            c = lstm ? Tensor.full(expectedCell, 0.0, x.dtype(), x.device()) : null;
        } else {
            checkHidden(h, expected, lstm ? "Expected hidden[0] size " : "Expected hidden size ");
            if (lstm) {
                checkHidden(c, expectedCell, "Expected hidden[1] size ");
            }
        }
        RecurrentKernels.checkOperand(name, "the input", x, weights[0][0]);
        RecurrentKernels.checkOperand(name, "h_0", h, weights[0][0]);
        if (lstm) {
            RecurrentKernels.checkOperand(name, "c_0", c, weights[0][0]);
        }
        Tensor seq = batchFirst ? x.transpose(0, 1) : x;
        if (seq.size(0) == 0) {
            throw new IllegalArgumentException(name + ": Expected sequence length to be larger than 0 in RNN (input of shape "
                    + Arrays.toString(input.shape()) + ")");
        }
        Tensor[] r = RecurrentKernels.layers(mode, seq, h, c, weights, numLayers, bidirectional, dropout, isTraining());
        Tensor output = batchFirst ? r[0].transpose(0, 1) : r[0];
        if (!batched) {
            return new Output(output.squeeze(batchDim), r[1].squeeze(1), lstm ? r[2].squeeze(1) : null);
        }
        return new Output(output, r[1], r[2]);
    }

    /**
     * PyTorch's {@code forward} on a packed input: the initial states (in the original batch order) are permuted into
     * the packed order, the layers walk the packed steps, and the final states are permuted back.
     */
    final PackedOutput runPacked(PackedSequence input, Tensor h0, Tensor c0) {
        boolean lstm = mode == RecurrentKernels.Mode.LSTM;
        if (input == null) {
            throw new IllegalArgumentException(name + ": expected a PackedSequence, got null");
        }
        if (lstm && (h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException(name + ": expected both h_0 and c_0, or neither (zeros), got "
                    + (h0 == null ? "c_0 only" : "h_0 only"));
        }
        Tensor data = input.data();
        long[] batchSizes = input.batchSizesArray();
        if (data.dim() != 2) {
            throw new IllegalArgumentException(name + ": input must have 2 dimensions, got " + data.dim()
                    + " (packed data of shape " + Arrays.toString(data.shape()) + ")");
        }
        if (data.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + data.size(-1));
        }
        RnnUtils.checkBatchSizes(name, data, batchSizes);
        int batch = (int) batchSizes[0];
        int[] expected = {numLayers * (bidirectional ? 2 : 1), batch, projSize > 0 ? projSize : hiddenSize};
        int[] expectedCell = {expected[0], batch, hiddenSize};
        Tensor h;
        Tensor c;
        Tensor sorted = input.sortedIndices();
        if (h0 == null) {
            h = Tensor.full(expected, 0.0, data.dtype(), data.device());
            c = lstm ? Tensor.full(expectedCell, 0.0, data.dtype(), data.device()) : null;
        } else {
            // PyTorch permutes the states first; checking first gives its message without an index error
            checkHidden(h0, expected, lstm ? "Expected hidden[0] size " : "Expected hidden size ");
            if (lstm) {
                checkHidden(c0, expectedCell, "Expected hidden[1] size ");
            }
            h = sorted == null ? h0 : h0.indexSelect(1, sorted);
            c = !lstm || sorted == null ? c0 : c0.indexSelect(1, sorted);
        }
        RecurrentKernels.checkOperand(name, "the input", data, weights[0][0]);
        RecurrentKernels.checkOperand(name, "h_0", h, weights[0][0]);
        if (lstm) {
            RecurrentKernels.checkOperand(name, "c_0", c, weights[0][0]);
        }
        Tensor[] r = RecurrentKernels.packedLayers(mode, data, batchSizes, h, c, weights, numLayers, bidirectional,
                dropout, isTraining());
        Tensor unsorted = input.unsortedIndices();
        PackedSequence output = new PackedSequence(r[0], input.batchSizes(), sorted, unsorted);
        Tensor hN = unsorted == null ? r[1] : r[1].indexSelect(1, unsorted);
        Tensor cN = r[2] == null || unsorted == null ? r[2] : r[2].indexSelect(1, unsorted);
        return new PackedOutput(output, hN, cN);
    }

    private void checkHidden(Tensor h, int[] expected, String message) {
        if (!Arrays.equals(h.shape(), expected)) {
            throw new IllegalArgumentException(name + ": " + message + "(" + expected[0] + ", " + expected[1] + ", "
                    + expected[2] + "), got " + Arrays.toString(h.shape()));
        }
    }

    /**
     * The number of features of each input step.
     *
     * @return {@code input_size}
     */
    public int inputSize() {
        return inputSize;
    }

    /**
     * The size of each hidden state.
     *
     * @return {@code hidden_size}
     */
    public int hiddenSize() {
        return hiddenSize;
    }

    /**
     * The number of stacked layers.
     *
     * @return {@code num_layers}
     */
    public int numLayers() {
        return numLayers;
    }

    /**
     * Whether the input and output are batch first.
     *
     * @return {@code batch_first}
     */
    public boolean batchFirst() {
        return batchFirst;
    }

    /**
     * The dropout probability between layers.
     *
     * @return {@code dropout}
     */
    public double dropout() {
        return dropout;
    }

    /**
     * Whether each layer also runs the sequence backwards.
     *
     * @return {@code bidirectional}
     */
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (projSize != 0 ? ", proj_size=" + projSize : "")
                + (numLayers != 1 ? ", num_layers=" + numLayers : "")
                + (bias ? "" : ", bias=False") + (batchFirst ? ", batch_first=True" : "")
                + (dropout != 0 ? ", dropout=" + PythonFloat.repr(dropout) : "")
                + (bidirectional ? ", bidirectional=True" : "");
    }
}
