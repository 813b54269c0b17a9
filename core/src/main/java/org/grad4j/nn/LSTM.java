package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * A multi-layer long short-term memory, PyTorch's {@code nn.LSTM}: each layer runs {@link LSTMCell}'s recurrence
 * (gates i, f, g, o in the rows of its weights) over the sequence; see {@link RNNBase} for the shapes, parameters and
 * dropout. With {@code proj_size}, the hidden states are projected by {@code weight_hr_lk} to that size.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(10, 20, 2, true, false, 0.0, true);
 * RNNBase.Output out = lstm.forward(x, null, null);   // x [seq, batch, 10]: output [seq, batch, 40]
 * Tensor hN = out.hN(), cN = out.cN();                 // [4, batch, 20]
 * }</pre>
 */
public final class LSTM extends RNNBase {
    /**
     * One layer, with biases, time first, no dropout, one direction; default dtype, device and generator.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the hidden state
     */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0.0, false);
    }

    /**
     * A layer stack in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the hidden state
     * @param numLayers the number of stacked layers
     * @param bias whether to learn the biases
     * @param batchFirst whether the input and output are {@code [batch, seq, feature]}
     * @param dropout the probability of dropout on each layer's output but the last, when training
     * @param bidirectional whether each layer also runs the sequence backwards
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, Generator.defaultGenerator(),
                Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer stack drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the hidden state
     * @param numLayers the number of stacked layers
     * @param bias whether to learn the biases
     * @param batchFirst whether the input and output are {@code [batch, seq, feature]}
     * @param dropout the probability of dropout on each layer's output but the last, when training
     * @param bidirectional whether each layer also runs the sequence backwards
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional, Generator generator, DType dtype, Device device) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, generator, dtype, device);
    }

    /**
     * A layer stack with projections ({@code proj_size > 0}: each step's hidden state is {@code h @ weight_hr^T},
     * of size {@code proj_size}; the cell state keeps {@code hidden_size}), drawn from {@code generator}, created in
     * {@code dtype} on {@code device}.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the cell state
     * @param numLayers the number of stacked layers
     * @param bias whether to learn the biases
     * @param batchFirst whether the input and output are {@code [batch, seq, feature]}
     * @param dropout the probability of dropout on each layer's output but the last, when training
     * @param bidirectional whether each layer also runs the sequence backwards
     * @param projSize the size of the projected hidden state, smaller than {@code hiddenSize}; 0 for none
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional, int projSize, Generator generator, DType dtype, Device device) {
        super("LSTM", RecurrentKernels.Mode.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout,
                bidirectional, projSize, generator, dtype, device);
    }

    /**
     * Runs the sequence, PyTorch's {@code lstm(input, (h_0, c_0))}.
     *
     * @param input {@code [seq, batch, input_size]} ({@code [batch, seq, input_size]} batch first) or
     *     {@code [seq, input_size]}
     * @param h0 the initial hidden states, {@code [num_layers * directions, batch, hidden_size]} (unbatched: without
     *     the batch dimension), or null (with {@code c0}) for zeros
     * @param c0 the initial cell states, shaped like {@code h0}, or null (with {@code h0})
     * @return the output, {@code h_n} and {@code c_n}
     */
    public Output forward(Tensor input, Tensor h0, Tensor c0) {
        return run(input, h0, c0);
    }

    /**
     * Runs a packed batch of variable-length sequences, PyTorch's {@code lstm(packed, (h_0, c_0))}; named apart from
     * {@code forward} so that {@code forward(null, ...)} stays unambiguous.
     *
     * @param input the packed batch (e.g. from {@link RnnUtils#packPaddedSequence})
     * @param h0 the initial hidden states in the original batch order, {@code [num_layers * directions, batch,
     *     hidden_size]} ({@code proj_size} wide with projections), or null (with {@code c0}) for zeros
     * @param c0 the initial cell states, {@code [num_layers * directions, batch, hidden_size]}, or null (with {@code h0})
     * @return the packed output, {@code h_n} and {@code c_n}, each sequence's at its last step
     */
    public PackedOutput forwardPacked(PackedSequence input, Tensor h0, Tensor c0) {
        return runPacked(input, h0, c0);
    }
}
