package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * A gated recurrent unit cell, PyTorch's {@code nn.GRUCell}: {@code r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)},
 * {@code z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)}, {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))},
 * {@code h' = (1 - z) * n + z * h} (computed as PyTorch does, {@code (h - n) * z + n}). The gates' rows of
 * {@code weight_ih} and {@code weight_hh} are in the order r, z, n.
 *
 * <pre>{@code
 * GRUCell cell = new GRUCell(10, 20);
 * Tensor h = cell.forward(x);        // [batch, 20]
 * }</pre>
 */
public final class GRUCell extends RNNCellBase {
    /**
     * A cell with biases, in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden state
     */
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /**
     * A cell in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden state
     * @param bias whether to learn {@code bias_ih} and {@code bias_hh}
     */
    public GRUCell(int inputSize, int hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A cell drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden state
     * @param bias whether to learn {@code bias_ih} and {@code bias_hh}
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator generator, DType dtype, Device device) {
        super("GRUCell", inputSize, hiddenSize, bias, 3, generator, dtype, device);
    }

    /**
     * The next hidden state from a zero hidden state.
     *
     * @param input {@code [batch, input_size]} or {@code [input_size]}
     * @return {@code h'}, {@code [batch, hidden_size]} or {@code [hidden_size]}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * The next hidden state.
     *
     * @param input {@code [batch, input_size]} or {@code [input_size]}
     * @param hx {@code [batch, hidden_size]} or {@code [hidden_size]}, or null for zeros
     * @return {@code h'}, shaped like {@code hx}
     */
    public Tensor forward(Tensor input, Tensor hx) {
        Tensor x = batchedInput(input);
        boolean batched = input.dim() == 2;
        Tensor h = hidden(x, hx, batched);
        Tensor out = RecurrentKernels.gruCell(inputProjection(x), h, weightHh, biasHh);
        return batched ? out : out.squeeze(0);
    }
}
