package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * Checks gradients against finite differences, PyTorch's {@code torch.autograd.gradcheck}: the
 * analytical Jacobian (from backward) must match the numerical one (central differences with step
 * {@code eps}) within {@code atol + rtol * |numerical|}, elementwise. Inputs must be float64.
 *
 * <pre>{@code
 * GradCheck.gradcheck(in -> in[0].tanh().sum(), x);   // throws GradCheck.GradcheckError on a mismatch
 * }</pre>
 */
public final class GradCheck {
    /** PyTorch's default finite-difference step. */
    public static final double EPS = 1e-6;
    /** PyTorch's default absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** PyTorch's default relative tolerance. */
    public static final double RTOL = 1e-3;

    private GradCheck() {
    }

    /** Thrown when an analytical Jacobian disagrees with the numerical one. */
    public static final class GradcheckError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GradcheckError(String message) {
            super(message);
        }
    }

    /**
     * Checks with PyTorch's default tolerances; throws {@link GradcheckError} on a mismatch, returns true otherwise.
     *
     * @param fn the function under test, from the inputs to one output tensor
     * @param inputs the points to check at; those that require grad are perturbed (float64 recommended)
     * @return true when the analytical and numerical gradients agree
     */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradcheck(fn, EPS, ATOL, RTOL, inputs);
    }

    /**
     * Like {@link #gradcheck(Function, Tensor...)}, returning false instead of throwing (PyTorch's {@code raise_exception=False}).
     *
     * @param fn the function under test, from the inputs to one output tensor
     * @param inputs the points to check at; those that require grad are perturbed (float64 recommended)
     * @return true when the analytical and numerical gradients agree, else false
     */
    public static boolean passes(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        try {
            return gradcheck(fn, inputs);
        } catch (GradcheckError e) {
            return false;
        }
    }

    /**
     * Checks with the given step and tolerances.
     *
     * @param fn the function under test, from the inputs to one output tensor
     * @param eps the finite-difference step
     * @param atol the absolute tolerance
     * @param rtol the relative tolerance
     * @param inputs the points to check at; those that require grad are perturbed (float64 recommended)
     * @return true when the analytical and numerical gradients agree
     */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol, Tensor... inputs) {
        if (fn == null || inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("gradcheck: expected a function and at least one input");
        }
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) {
                throw new IllegalArgumentException("gradcheck: input " + i + " is null");
            }
            if (t.requiresGrad()) {
                if (t.dtype() != DType.FLOAT64) {
                    throw new IllegalArgumentException("gradcheck: input " + i + " requires grad but is " + t.dtype()
                            + "; gradcheck needs FLOAT64 inputs for meaningful finite differences");
                }
                if (!t.isLeaf()) {
                    throw new IllegalArgumentException("gradcheck: input " + i + " must be a leaf tensor");
                }
                checked.add(i);
            }
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: no input requires grad; call requiresGrad_(true) on the inputs to check");
        }
        double[] out0 = evaluate(fn, inputs);
        for (int inputIndex : checked) {
            Tensor x = inputs[inputIndex];
            double[][] numerical = numericalJacobian(fn, inputs, x, out0.length, eps);
            double[][] analytical = analyticalJacobian(fn, inputs, x, out0.length);
            for (int i = 0; i < numerical.length; i++) {
                for (int o = 0; o < out0.length; o++) {
                    double n = numerical[i][o];
                    double a = analytical[i][o];
                    if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
                        throw new GradcheckError("Jacobian mismatch for output 0 with respect to input " + inputIndex + ",\n"
                                + "numerical:" + format(numerical) + "\nanalytical:" + format(analytical)
                                + "\n(first mismatch at input element " + i + ", output element " + o + ": numerical " + PythonFloat.repr(n)
                                + ", analytical " + PythonFloat.repr(a) + ", tolerance atol=" + PythonFloat.repr(atol) + " rtol=" + PythonFloat.repr(rtol) + ")");
                    }
                }
            }
        }
        return true;
    }

    // autograd2: gradgradcheck

    /** The seed of the grad_outputs {@link #gradgradcheck(Function, Tensor...)} draws when none is given. */
    public static final long GRAD_OUTPUT_SEED = 0;

    /**
     * PyTorch's {@code torch.autograd.gradgradcheck(fn, inputs)} with its defaults: checks the second derivatives,
     * by {@link #gradcheck} of the function {@code (inputs, v) -> grad(fn(inputs), inputs, v, create_graph=True)}.
     * Like PyTorch's, the grad_output {@code v} is random in [-1, 1); here drawn from a generator seeded
     * {@link #GRAD_OUTPUT_SEED} (PyTorch draws from its global generator), so a run is reproducible.
     *
     * @param fn the function under test, from the inputs to one output tensor
     * @param inputs the points to check at; those that require grad (float64 leaves) are perturbed
     * @return true when the analytical and numerical second derivatives agree
     * @throws GradcheckError on a mismatch
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradgradcheck(fn, null, EPS, ATOL, RTOL, inputs);
    }

    /**
     * {@code torch.autograd.gradgradcheck(fn, inputs, grad_outputs, eps, atol, rtol)}.
     *
     * @param fn the function under test, from the inputs to one output tensor
     * @param gradOutput the grad_output (float64, of the output's shape; it is perturbed too), or null for a random one
     * @param eps the finite-difference step
     * @param atol the absolute tolerance
     * @param rtol the relative tolerance
     * @param inputs the points to check at; those that require grad (float64 leaves) are perturbed
     * @return true when the analytical and numerical second derivatives agree
     * @throws GradcheckError on a mismatch
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, Tensor gradOutput, double eps, double atol,
                                        double rtol, Tensor... inputs) {
        if (fn == null || inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("gradgradcheck: expected a function and at least one input");
        }
        List<Tensor> differentiated = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) {
                throw new IllegalArgumentException("gradgradcheck: input " + i + " is null");
            }
            if (t.requiresGrad()) {
                if (t.dtype() != DType.FLOAT64 || !t.isLeaf()) {
                    throw new IllegalArgumentException("gradgradcheck: input " + i + " requires grad but is a "
                            + (t.isLeaf() ? "" : "non-leaf ") + t.dtype() + " tensor; expected FLOAT64 leaves");
                }
                differentiated.add(t);
            }
        }
        if (differentiated.isEmpty()) {
            throw new IllegalArgumentException("gradgradcheck: no input requires grad; call requiresGrad_(true) on the inputs to check");
        }
        Tensor out;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            out = fn.apply(inputs.clone());
        }
        if (out == null) {
            throw new IllegalArgumentException("gradgradcheck: the function returned null");
        }
        Tensor v;
        if (gradOutput == null) {
            v = Tensor.rand(new org.grad4j.Generator(GRAD_OUTPUT_SEED), out.shape()).toDouble().mul(2.0).sub(1.0);
        } else {
            if (gradOutput.dtype() != DType.FLOAT64 || !java.util.Arrays.equals(gradOutput.shape(), out.shape())) {
                throw new IllegalArgumentException("gradgradcheck: gradOutput is a " + gradOutput.dtype() + " tensor of shape "
                        + java.util.Arrays.toString(gradOutput.shape()) + "; expected FLOAT64 of the output's shape "
                        + java.util.Arrays.toString(out.shape()));
            }
            v = gradOutput.detach().clone();
        }
        v = v.to(out.device()).requiresGrad_(true);
        Tensor[] all = java.util.Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = v;
        int n = inputs.length;
        Function<Tensor[], Tensor> firstOrder = in -> {
            try (GradMode.Scope on = GradMode.enableGrad()) {
                Tensor y = fn.apply(java.util.Arrays.copyOf(in, n));
                if (y == null || !y.requiresGrad()) {
                    throw new IllegalArgumentException("gradgradcheck: the function's output does not require grad");
                }
                Tensor[] grads = Autograd.grad(y, differentiated, in[n], true, true, true);
                List<Tensor> flat = new ArrayList<>();
                for (Tensor g : grads) {
                    if (g != null) {
                        flat.add(g.reshape(-1));
                    }
                }
                if (flat.isEmpty()) {
                    throw new IllegalArgumentException("gradgradcheck: no gradient reaches the inputs");
                }
                return Tensor.cat(flat, 0);
            }
        };
        return gradcheck(firstOrder, eps, atol, rtol, all);
    }

    private static double[] evaluate(Function<Tensor[], Tensor> fn, Tensor[] inputs) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor out = fn.apply(inputs);
            if (out == null) {
                throw new IllegalArgumentException("gradcheck: the function returned null");
            }
            return out.toDoubleArray();
        }
    }

    /** Row i: d(output)/d(x_i) by central differences. */
    private static double[][] numericalJacobian(Function<Tensor[], Tensor> fn, Tensor[] inputs, Tensor x, int outs, double eps) {
        int n = x.numel();
        double[][] jac = new double[n][outs];
        int[] shape = x.shape();
        for (int i = 0; i < n; i++) {
            int[] index = unravel(i, shape);
            double original = x.get(index);
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                x.set(original + eps, index);
                double[] plus = evaluate(fn, inputs);
                x.set(original - eps, index);
                double[] minus = evaluate(fn, inputs);
                x.set(original, index);
                for (int o = 0; o < outs; o++) {
                    jac[i][o] = (plus[o] - minus[o]) / (2 * eps);
                }
            }
        }
        return jac;
    }

    /** Row i: d(output)/d(x_i) from one backward pass per output element. */
    private static double[][] analyticalJacobian(Function<Tensor[], Tensor> fn, Tensor[] inputs, Tensor x, int outs) {
        int n = x.numel();
        double[][] jac = new double[n][outs];
        // backward accumulates into every input's grad: keep them all as they were (PyTorch's uses autograd.grad)
        Tensor[] savedGrads = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            savedGrads[k] = inputs[k].requiresGrad() ? inputs[k].grad() : null;
        }
        try {
            for (int o = 0; o < outs; o++) {
                x.setGrad(null);
                Tensor out;
                try (GradMode.Scope ignored = GradMode.enableGrad()) {
                    out = fn.apply(inputs);
                }
                if (!out.requiresGrad()) {
                    continue;
                }
                double[] seed = new double[outs];
                seed[o] = 1.0;
                out.backward(Tensor.of(seed, out.dtype(), out.device(), out.shape()));
                Tensor g = x.grad();
                if (g != null) {
                    double[] gv = g.toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        jac[i][o] = gv[i];
                    }
                }
            }
        } finally {
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k].requiresGrad()) {
                    inputs[k].setGrad(savedGrads[k]);
                }
            }
        }
        return jac;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    private static String format(double[][] m) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(m[i], 0, flat, i * cols, cols);
        }
        return Tensor.of(flat, DType.FLOAT64, org.grad4j.Device.CPU, rows, cols).toString();
    }
}
