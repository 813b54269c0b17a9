package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None)}: applies {@link Functional#interpolate(Tensor, int[], double[], String, Boolean,
 * Boolean)}.
 */
public class Upsample extends Module {
    private final int[] size;
    private final double[] scaleFactor;
    private final String mode;
    private final Boolean alignCorners;
    private final Boolean recomputeScaleFactor;

    /**
     * Nearest upsampling by {@code scaleFactor} in every spatial dimension.
     *
     * @param scaleFactor the multiplier
     */
    public Upsample(double scaleFactor) {
        this(null, new double[] {scaleFactor}, "nearest", null);
    }

    /**
     * Every option; exactly one of {@code size} and {@code scaleFactor} (checked on forward, as PyTorch).
     *
     * @param size the output's spatial sizes (one int for all), or null
     * @param scaleFactor the multipliers (one for all), or null
     * @param mode {@code "nearest"}, {@code "nearest-exact"}, {@code "linear"}, {@code "bilinear"}, {@code "bicubic"} or
     *     {@code "area"}
     * @param alignCorners null, true or false (null for nearest and area)
     */
    public Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        this(size, scaleFactor, mode, alignCorners, null);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param size the output's spatial sizes (one int for all), or null
     * @param scaleFactor the multipliers (one for all), or null
     * @param mode {@code "nearest"}, {@code "nearest-exact"}, {@code "linear"}, {@code "bilinear"}, {@code "bicubic"} or
     *     {@code "area"}
     * @param alignCorners null, true or false (null for nearest and area)
     * @param recomputeScaleFactor null, or whether to interpolate with the recomputed scale
     */
    public Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor) {
        this.recomputeScaleFactor = recomputeScaleFactor;
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    @Override
    protected String extraRepr() {
        return repr(size, scaleFactor, mode);
    }

    /** PyTorch's repr of an upsampling layer's options (also UpsamplingNearest2d's and UpsamplingBilinear2d's). */
    static String repr(int[] size, double[] scaleFactor, String mode) {
        StringBuilder sb = new StringBuilder();
        if (scaleFactor != null) {
            sb.append("scale_factor=");
            if (scaleFactor.length == 1) {
                sb.append(PythonFloat.repr(scaleFactor[0]));
            } else {
                sb.append('(');
                for (int i = 0; i < scaleFactor.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(PythonFloat.repr(scaleFactor[i]));
                }
                sb.append(')');
            }
        } else if (size != null) {
            sb.append("size=");
            if (size.length == 1) {
                sb.append(size[0]);
            } else {
                sb.append('(');
                for (int i = 0; i < size.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(size[i]);
                }
                sb.append(')');
            }
        } else {
            sb.append("size=None");
        }
        return sb.append(", mode=").append(mode).toString();
    }
}
