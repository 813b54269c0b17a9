package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * An Elman cell, PyTorch's {@code nn.RNNCell}: {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)} with tanh or
 * ReLU. The input is {@code [batch, input_size]} or unbatched {@code [input_size]}; the hidden state matches it
 * ({@code [batch, hidden_size]} or {@code [hidden_size]}) and defaults to zeros.
 *
 * <pre>{@code
 * RNNCell cell = new RNNCell(10, 20);
 * Tensor h = cell.forward(x);        // [batch, 20]
 * h = cell.forward(x2, h);
 * }</pre>
 */
public final class RNNCell extends RNNCellBase {
    private final String nonlinearity;

    /**
     * A tanh cell with biases, in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden state
     */
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, "tanh");
    }

    /**
     * A cell in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden state
     * @param bias whether to learn {@code bias_ih} and {@code bias_hh}
     * @param nonlinearity {@code "tanh"} or {@code "relu"}
     */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity) {
        this(inputSize, hiddenSize, bias, nonlinearity, Generator.defaultGenerator(), Tensor.defaultDType(),
                Device.fromSystemProperty());
    }

    /**
     * A cell drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden state
     * @param bias whether to learn {@code bias_ih} and {@code bias_hh}
     * @param nonlinearity {@code "tanh"} or {@code "relu"}
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator generator, DType dtype,
                   Device device) {
        super("RNNCell", inputSize, hiddenSize, bias, 1, generator, dtype, checked(nonlinearity, device));
        this.nonlinearity = nonlinearity;
    }

    private static Device checked(String nonlinearity, Device device) {
        if (!"tanh".equals(nonlinearity) && !"relu".equals(nonlinearity)) {
            // PyTorch accepts the module and refuses at the first forward; grad4j refuses at once
            throw new IllegalArgumentException("RNNCell: Unknown nonlinearity: " + nonlinearity
                    + " (expected \"tanh\" or \"relu\")");
        }
        return device;
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
        Tensor out = RecurrentKernels.simpleCell(inputProjection(x), h, weightHh, biasHh, "relu".equals(nonlinearity));
        return batched ? out : out.squeeze(0);
    }

    /**
     * The nonlinearity.
     *
     * @return {@code "tanh"} or {@code "relu"}
     */
    public String nonlinearity() {
        return nonlinearity;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ("tanh".equals(nonlinearity) ? "" : ", nonlinearity=" + nonlinearity);
    }
}
