package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * Parameter initialization, PyTorch's {@code torch.nn.init}: each method fills a tensor in place (without
 * recording a gradient) and returns it. The random ones draw from {@link Generator#defaultGenerator()}, or from
 * the generator given last, exactly as PyTorch 1.13 does on the CPU: the same seed gives the same values, in
 * the tensor's row-major order.
 *
 * <pre>{@code
 * Linear fc = new Linear(64, 128, true);
 * Init.kaimingNormal_(fc.weight(), 0, "fan_out", "relu");
 * Init.zeros_(fc.bias());
 * }</pre>
 */
public final class Init {
    private Init() {
    }

    /**
     * {@code uniform_(tensor, 0, 1)}.
     *
     * @param tensor the tensor to fill
     * @return {@code tensor}
     */
    public static Tensor uniform_(Tensor tensor) {
        return uniform_(tensor, 0, 1);
    }

    /**
     * Fills {@code tensor} from U(a, b), PyTorch's {@code nn.init.uniform_}.
     *
     * @param tensor the tensor to fill
     * @param a the lower bound
     * @param b the upper bound
     * @return {@code tensor}
     */
    public static Tensor uniform_(Tensor tensor, double a, double b) {
        return uniform_(tensor, a, b, Generator.defaultGenerator());
    }

    /**
     * Fills {@code tensor} from U(a, b) drawn from {@code generator}.
     *
     * @param tensor the tensor to fill
     * @param a the lower bound
     * @param b the upper bound
     * @param generator the source of randomness
     * @return {@code tensor}
     */
    public static Tensor uniform_(Tensor tensor, double a, double b, Generator generator) {
        check("uniform_", tensor, generator);
        floatingOnly("check_uniform_bounds", tensor);
        try (GradMode.Scope ignored = GradMode.noGrad()) {   // draws in the tensor's memory order, as PyTorch
            return tensor.uniform_(a, b, generator);
        }
    }

    /**
     * {@code normal_(tensor, 0, 1)}.
     *
     * @param tensor the tensor to fill
     * @return {@code tensor}
     */
    public static Tensor normal_(Tensor tensor) {
        return normal_(tensor, 0, 1);
    }

    /**
     * Fills {@code tensor} from N(mean, std^2), PyTorch's {@code nn.init.normal_}.
     *
     * @param tensor the tensor to fill
     * @param mean the mean
     * @param std the standard deviation
     * @return {@code tensor}
     */
    public static Tensor normal_(Tensor tensor, double mean, double std) {
        return normal_(tensor, mean, std, Generator.defaultGenerator());
    }

    /**
     * Fills {@code tensor} from N(mean, std^2) drawn from {@code generator}.
     *
     * @param tensor the tensor to fill
     * @param mean the mean
     * @param std the standard deviation
     * @param generator the source of randomness
     * @return {@code tensor}
     */
    public static Tensor normal_(Tensor tensor, double mean, double std, Generator generator) {
        check("normal_", tensor, generator);
        if (!(std >= 0.0)) {
            generator.normal(new double[0], mean, std);   // PyTorch checks std first: its message
        }
        floatingOnly("normal_kernel_cpu", tensor);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return tensor.normal_(mean, std, generator);
        }
    }

    /**
     * Fills {@code tensor} with {@code value}, PyTorch's {@code nn.init.constant_}.
     *
     * @param tensor the tensor to fill
     * @param value the value
     * @return {@code tensor}
     */
    public static Tensor constant_(Tensor tensor, double value) {
        check("constant_", tensor, Generator.defaultGenerator());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return tensor.fill_(value);
        }
    }

    /**
     * Fills {@code tensor} with zeros, PyTorch's {@code nn.init.zeros_}.
     *
     * @param tensor the tensor to fill
     * @return {@code tensor}
     */
    public static Tensor zeros_(Tensor tensor) {
        return constant_(tensor, 0.0);
    }

    /**
     * Fills {@code tensor} with ones, PyTorch's {@code nn.init.ones_}.
     *
     * @param tensor the tensor to fill
     * @return {@code tensor}
     */
    public static Tensor ones_(Tensor tensor) {
        return constant_(tensor, 1.0);
    }

    /**
     * {@code xavierUniform_(tensor, 1.0)}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @return {@code tensor}
     */
    public static Tensor xavierUniform_(Tensor tensor) {
        return xavierUniform_(tensor, 1.0);
    }

    /**
     * Glorot's uniform initialization, PyTorch's {@code nn.init.xavier_uniform_}: U(-a, a) with
     * {@code a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param gain the scale, e.g. {@link #calculateGain(String)}
     * @return {@code tensor}
     */
    public static Tensor xavierUniform_(Tensor tensor, double gain) {
        return xavierUniform_(tensor, gain, Generator.defaultGenerator());
    }

    /**
     * {@link #xavierUniform_(Tensor, double)} drawing from {@code generator}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param gain the scale
     * @param generator the source of randomness
     * @return {@code tensor}
     */
    public static Tensor xavierUniform_(Tensor tensor, double gain, Generator generator) {
        int[] fans = fanInAndFanOut("xavier_uniform_", tensor);
        double std = gain * Math.sqrt(2.0 / (double) (fans[0] + fans[1]));
        double a = Math.sqrt(3.0) * std;
        return uniform_(tensor, -a, a, generator);
    }

    /**
     * {@code xavierNormal_(tensor, 1.0)}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @return {@code tensor}
     */
    public static Tensor xavierNormal_(Tensor tensor) {
        return xavierNormal_(tensor, 1.0);
    }

    /**
     * Glorot's normal initialization, PyTorch's {@code nn.init.xavier_normal_}: N(0, std^2) with
     * {@code std = gain * sqrt(2 / (fan_in + fan_out))}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param gain the scale
     * @return {@code tensor}
     */
    public static Tensor xavierNormal_(Tensor tensor, double gain) {
        return xavierNormal_(tensor, gain, Generator.defaultGenerator());
    }

    /**
     * {@link #xavierNormal_(Tensor, double)} drawing from {@code generator}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param gain the scale
     * @param generator the source of randomness
     * @return {@code tensor}
     */
    public static Tensor xavierNormal_(Tensor tensor, double gain, Generator generator) {
        int[] fans = fanInAndFanOut("xavier_normal_", tensor);
        double std = gain * Math.sqrt(2.0 / (double) (fans[0] + fans[1]));
        return normal_(tensor, 0.0, std, generator);
    }

    /**
     * {@code kaimingUniform_(tensor, 0, "fan_in", "leaky_relu")}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @return {@code tensor}
     */
    public static Tensor kaimingUniform_(Tensor tensor) {
        return kaimingUniform_(tensor, 0, "fan_in", "leaky_relu");
    }

    /**
     * He's uniform initialization, PyTorch's {@code nn.init.kaiming_uniform_}: U(-bound, bound) with
     * {@code bound = sqrt(3) * calculateGain(nonlinearity, a) / sqrt(fan)}. A tensor with a zero-sized dimension
     * is left as it is (PyTorch warns).
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param a the negative slope of the rectifier after this layer (for {@code "leaky_relu"})
     * @param mode {@code "fan_in"} (preserves the forward variance) or {@code "fan_out"} (the backward one)
     * @param nonlinearity the function after this layer, as {@link #calculateGain(String, Double)} names it
     * @return {@code tensor}
     */
    public static Tensor kaimingUniform_(Tensor tensor, double a, String mode, String nonlinearity) {
        return kaimingUniform_(tensor, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /**
     * {@link #kaimingUniform_(Tensor, double, String, String)} drawing from {@code generator}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param a the negative slope of the rectifier after this layer
     * @param mode {@code "fan_in"} or {@code "fan_out"}
     * @param nonlinearity the function after this layer
     * @param generator the source of randomness
     * @return {@code tensor}
     */
    public static Tensor kaimingUniform_(Tensor tensor, double a, String mode, String nonlinearity, Generator generator) {
        check("kaiming_uniform_", tensor, generator);
        if (tensor.numel() == 0) {
            return tensor;
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan("kaiming_uniform_", tensor, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound, generator);
    }

    /**
     * {@code kaimingNormal_(tensor, 0, "fan_in", "leaky_relu")}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @return {@code tensor}
     */
    public static Tensor kaimingNormal_(Tensor tensor) {
        return kaimingNormal_(tensor, 0, "fan_in", "leaky_relu");
    }

    /**
     * He's normal initialization, PyTorch's {@code nn.init.kaiming_normal_}: N(0, std^2) with
     * {@code std = calculateGain(nonlinearity, a) / sqrt(fan)}. A tensor with a zero-sized dimension is left as
     * it is.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param a the negative slope of the rectifier after this layer (for {@code "leaky_relu"})
     * @param mode {@code "fan_in"} or {@code "fan_out"}
     * @param nonlinearity the function after this layer
     * @return {@code tensor}
     */
    public static Tensor kaimingNormal_(Tensor tensor, double a, String mode, String nonlinearity) {
        return kaimingNormal_(tensor, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /**
     * {@link #kaimingNormal_(Tensor, double, String, String)} drawing from {@code generator}.
     *
     * @param tensor the tensor to fill, at least 2-d
     * @param a the negative slope of the rectifier after this layer
     * @param mode {@code "fan_in"} or {@code "fan_out"}
     * @param nonlinearity the function after this layer
     * @param generator the source of randomness
     * @return {@code tensor}
     */
    public static Tensor kaimingNormal_(Tensor tensor, double a, String mode, String nonlinearity, Generator generator) {
        check("kaiming_normal_", tensor, generator);
        if (tensor.numel() == 0) {
            return tensor;
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan("kaiming_normal_", tensor, mode));
        return normal_(tensor, 0.0, std, generator);
    }

    /**
     * {@code calculateGain(nonlinearity, null)}.
     *
     * @param nonlinearity the function's name
     * @return the gain
     */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /**
     * The recommended gain for a nonlinearity, PyTorch's {@code nn.init.calculate_gain}: 1 for {@code linear},
     * the convolutions and {@code sigmoid}; 5/3 for {@code tanh}; sqrt(2) for {@code relu};
     * {@code sqrt(2 / (1 + slope^2))} for {@code leaky_relu} (slope {@code param}, 0.01 when null); 3/4 for
     * {@code selu}.
     *
     * @param nonlinearity {@code linear}, {@code conv1d}, {@code conv2d}, {@code conv3d},
     *        {@code conv_transpose1d}, {@code conv_transpose2d}, {@code conv_transpose3d}, {@code sigmoid},
     *        {@code tanh}, {@code relu}, {@code leaky_relu} or {@code selu}
     * @param param the negative slope for {@code leaky_relu}, or null
     * @return the gain
     */
    public static double calculateGain(String nonlinearity, Double param) {
        if (nonlinearity == null) {
            throw new IllegalArgumentException("calculate_gain: expected a nonlinearity name, got null");
        }
        switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid":
                return 1;
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu":
                double slope = param == null ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4;
            default:
                throw new IllegalArgumentException("calculate_gain: Unsupported nonlinearity " + nonlinearity
                        + " (expected linear, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, "
                        + "sigmoid, tanh, relu, leaky_relu or selu)");
        }
    }

    /** {@code [fan_in, fan_out]}: size(1) and size(0), each times the receptive field (the product of dims 2..). */
    static int[] fanInAndFanOut(String op, Tensor tensor) {
        check(op, tensor, Generator.defaultGenerator());
        int[] shape = tensor.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException(op + ": Fan in and fan out can not be computed for tensor with fewer than 2 "
                    + "dimensions (shape " + Arrays.toString(shape) + ")");
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new int[] {shape[1] * receptive, shape[0] * receptive};
    }

    private static int correctFan(String op, Tensor tensor, String mode) {
        String m = mode == null ? null : mode.toLowerCase(java.util.Locale.ROOT);
        if (!"fan_in".equals(m) && !"fan_out".equals(m)) {
            throw new IllegalArgumentException(op + ": Mode " + mode + " not supported, please use one of fan_in, fan_out");
        }
        int[] fans = fanInAndFanOut(op, tensor);
        return "fan_in".equals(m) ? fans[0] : fans[1];
    }

    private static void check(String op, Tensor tensor, Generator generator) {
        if (tensor == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null");
        }
        if (generator == null) {
            throw new IllegalArgumentException(op + ": expected a Generator, got null");
        }
    }

    /** PyTorch's dispatch error for a random fill of a non-floating tensor (even an empty one). */
    private static void floatingOnly(String kernel, Tensor tensor) {
        if (!tensor.dtype().isFloatingPoint()) {
            String aten = switch (tensor.dtype()) {
                case INT64 -> "Long";
                case INT32 -> "Int";
                case UINT8 -> "Byte";
                case BOOL -> "Bool";
                default -> tensor.dtype().torchName();
            };
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + aten + "' (a "
                    + tensor.dtype().torchName() + " tensor of shape " + java.util.Arrays.toString(tensor.shape())
                    + "; random fills need a floating point tensor)");
        }
    }
}
