package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * A multi-layer Elman recurrent layer, PyTorch's {@code nn.RNN}: each layer runs {@link RNNCell}'s recurrence
 * {@code h_t = act(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)} (tanh or ReLU) over the sequence; see {@link RNNBase}
 * for the shapes, parameters and dropout.
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20);
 * RNNBase.Output out = rnn.forward(x, null);   // x [seq, batch, 10]: output [seq, batch, 20], h_n [1, batch, 20]
 * }</pre>
 */
public final class RNN extends RNNBase {
    /**
     * One layer, with biases, time first, no dropout, one direction; default dtype, device and generator.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the hidden state
     */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0.0, false);
    }

    /**
     * A layer stack in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the hidden state
     * @param numLayers the number of stacked layers
     * @param nonlinearity {@code "tanh"} or {@code "relu"}
     * @param bias whether to learn the biases
     * @param batchFirst whether the input and output are {@code [batch, seq, feature]}
     * @param dropout the probability of dropout on each layer's output but the last, when training
     * @param bidirectional whether each layer also runs the sequence backwards
     */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias,
               boolean batchFirst, double dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional,
                Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer stack drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inputSize the number of features of each input step
     * @param hiddenSize the size of the hidden state
     * @param numLayers the number of stacked layers
     * @param nonlinearity {@code "tanh"} or {@code "relu"}
     * @param bias whether to learn the biases
     * @param batchFirst whether the input and output are {@code [batch, seq, feature]}
     * @param dropout the probability of dropout on each layer's output but the last, when training
     * @param bidirectional whether each layer also runs the sequence backwards
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias,
               boolean batchFirst, double dropout, boolean bidirectional, Generator generator, DType dtype, Device device) {
        super("RNN", mode(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout,
                bidirectional, 0, generator, dtype, device);
    }

    private static RecurrentKernels.Mode mode(String nonlinearity) {
        if ("tanh".equals(nonlinearity)) {
            return RecurrentKernels.Mode.RNN_TANH;
        }
        if ("relu".equals(nonlinearity)) {
            return RecurrentKernels.Mode.RNN_RELU;
        }
        throw new IllegalArgumentException("RNN: Unknown nonlinearity '" + nonlinearity + "' (expected \"tanh\" or \"relu\")");
    }

    /**
     * Runs the sequence, PyTorch's {@code rnn(input, h_0)}.
     *
     * @param input {@code [seq, batch, input_size]} ({@code [batch, seq, input_size]} batch first) or
     *     {@code [seq, input_size]}
     * @param h0 the initial hidden states, {@code [num_layers * directions, batch, hidden_size]} (unbatched: without
     *     the batch dimension), or null for zeros
     * @return the output and {@code h_n} ({@code cN} is null)
     */
    public Output forward(Tensor input, Tensor h0) {
        return run(input, h0, null);
    }

    /**
     * Runs a packed batch of variable-length sequences, PyTorch's {@code rnn(packed, h_0)}; named apart from
     * {@code forward} so that {@code forward(null, ...)} stays unambiguous.
     *
     * @param input the packed batch (e.g. from {@link RnnUtils#packPaddedSequence})
     * @param h0 the initial hidden states in the original batch order, {@code [num_layers * directions, batch,
     *     hidden_size]}, or null for zeros
     * @return the packed output and {@code h_n}, each sequence's at its last step ({@code cN} is null)
     */
    public PackedOutput forwardPacked(PackedSequence input, Tensor h0) {
        return runPacked(input, h0, null);
    }

    /**
     * The nonlinearity.
     *
     * @return {@code "tanh"} or {@code "relu"}
     */
    public String nonlinearity() {
        return mode == RecurrentKernels.Mode.RNN_RELU ? "relu" : "tanh";
    }
}
