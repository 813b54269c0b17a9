package org.grad4j;

import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;

/**
 * PyTorch 1.13's {@code torch.special}: {@code Special.lgamma(x)} is {@code torch.special.gammaln(x)}, with PyTorch's
 * values (its algorithms, so float64 agrees to the last bits), special points, gradients and grad_fn names. Integer
 * and bool inputs compute in the default dtype. Functions that are also Tensor methods ({@code erfinv}, {@code
 * digamma}, {@code i0}, ...) give the same result either way; aliases ({@code expit}, {@code psi}, {@code gammaln},
 * {@code multigammaln}, {@code exp2}, ...) are the op they name, as in PyTorch.
 */
public final class Special {
    private Special() {
    }

    // ------------------------------------------------------------------ gamma family

    /**
     * {@code log|Gamma(x)|} ({@code torch.special.gammaln}); +inf at the poles and at ±inf.
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor gammaln(Tensor input) {
        return SpecialOps.unary(UnaryOp.LGAMMA, input);
    }

    /**
     * The digamma function ({@code torch.special.digamma}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor digamma(Tensor input) {
        return SpecialOps.unary(UnaryOp.DIGAMMA, input);
    }

    /**
     * Alias of {@link #digamma} ({@code torch.special.psi}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor psi(Tensor input) {
        return digamma(input);
    }

    /**
     * The n-th derivative of digamma ({@code torch.special.polygamma(n, input)}).
     *
     * @param n the order, at least 0
     * @param input the tensor
     * @return a new tensor
     * @throws IllegalArgumentException if n is negative
     */
    public static Tensor polygamma(int n, Tensor input) {
        return SpecialOps.polygamma(n, input);
    }

    /**
     * The multivariate log-gamma function of dimension p ({@code torch.special.multigammaln}).
     *
     * @param input the tensor
     * @param p the dimension, at least 1
     * @return a new tensor
     * @throws IllegalArgumentException if p is below 1 or input is a bool tensor
     */
    public static Tensor multigammaln(Tensor input, int p) {
        return SpecialOps.mvlgamma(input, p, "multigammaln");
    }

    /**
     * The Hurwitz zeta function {@code sum_k (k + other)^-input} ({@code torch.special.zeta}), broadcasting. Its
     * gradient exists for {@code other} only: backward through {@code input} throws, as in PyTorch 1.13.
     *
     * @param input the exponent
     * @param other the shift q
     * @return a new tensor
     */
    public static Tensor zeta(Tensor input, Tensor other) {
        return SpecialOps.binary(BinaryOp.ZETA, input, other);
    }

    /**
     * {@link #zeta(Tensor, Tensor)} with a number for the exponent.
     *
     * @param input the exponent
     * @param other the shift q
     * @return a new tensor
     */
    public static Tensor zeta(double input, Tensor other) {
        return SpecialOps.scalar(BinaryOp.ZETA, other, input, true);
    }

    /**
     * {@link #zeta(Tensor, Tensor)} with a number for the shift.
     *
     * @param input the exponent
     * @param other the shift q
     * @return a new tensor
     */
    public static Tensor zeta(Tensor input, double other) {
        return SpecialOps.scalar(BinaryOp.ZETA, input, other, false);
    }

    /**
     * The regularized lower incomplete gamma function {@code P(input, other)} ({@code torch.special.gammainc}),
     * broadcasting; floating inputs only. Backward through {@code input} throws, as in PyTorch 1.13.
     *
     * @param input a, at least 0
     * @param other x, at least 0
     * @return a new tensor
     */
    public static Tensor gammainc(Tensor input, Tensor other) {
        return SpecialOps.binary(BinaryOp.IGAMMA, input, other);
    }

    /**
     * The regularized upper incomplete gamma function {@code Q(input, other) = 1 - P(input, other)}
     * ({@code torch.special.gammaincc}).
     *
     * @param input a, at least 0
     * @param other x, at least 0
     * @return a new tensor
     */
    public static Tensor gammaincc(Tensor input, Tensor other) {
        return SpecialOps.binary(BinaryOp.IGAMMAC, input, other);
    }

    // ------------------------------------------------------------------ error function and normal distribution

    /**
     * The error function ({@code torch.special.erf}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor erf(Tensor input) {
        return SpecialOps.checked("erf", input).erf();
    }

    /**
     * The complementary error function ({@code torch.special.erfc}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor erfc(Tensor input) {
        return SpecialOps.checked("erfc", input).erfc();
    }

    /**
     * The scaled complementary error function {@code exp(x^2) erfc(x)} ({@code torch.special.erfcx}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor erfcx(Tensor input) {
        return SpecialOps.unary(UnaryOp.ERFCX, input);
    }

    /**
     * The inverse error function ({@code torch.special.erfinv}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor erfinv(Tensor input) {
        return SpecialOps.unary(UnaryOp.ERFINV, input);
    }

    /**
     * The standard normal CDF ({@code torch.special.ndtr}), as PyTorch computes it: {@code (1 + erf(x / sqrt 2)) / 2}.
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor ndtr(Tensor input) {
        return SpecialOps.ndtr(input);
    }

    /**
     * The inverse of the standard normal CDF ({@code torch.special.ndtri}).
     *
     * @param input the tensor, probabilities
     * @return a new tensor
     */
    public static Tensor ndtri(Tensor input) {
        return SpecialOps.unary(UnaryOp.NDTRI, input);
    }

    /**
     * The log of the standard normal CDF, accurate in the left tail ({@code torch.special.log_ndtr}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor logNdtr(Tensor input) {
        return SpecialOps.unary(UnaryOp.LOG_NDTR, input);
    }

    // ------------------------------------------------------------------ Bessel functions

    /**
     * The modified Bessel function of the first kind, order 0 ({@code torch.special.i0}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor i0(Tensor input) {
        return SpecialOps.unary(UnaryOp.I0, input);
    }

    /**
     * {@code exp(-|x|) I0(x)} ({@code torch.special.i0e}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor i0e(Tensor input) {
        return SpecialOps.unary(UnaryOp.I0E, input);
    }

    /**
     * The modified Bessel function of the first kind, order 1 ({@code torch.special.i1}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor i1(Tensor input) {
        return SpecialOps.unary(UnaryOp.I1, input);
    }

    /**
     * {@code exp(-|x|) I1(x)} ({@code torch.special.i1e}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor i1e(Tensor input) {
        return SpecialOps.unary(UnaryOp.I1E, input);
    }

    // ------------------------------------------------------------------ logarithms and entropy

    /**
     * {@code -x log x}, 0 at 0 and -inf below ({@code torch.special.entr}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor entr(Tensor input) {
        return SpecialOps.unary(UnaryOp.ENTR, input);
    }

    /**
     * {@code input * log(other)}, 0 where input is 0 ({@code torch.special.xlogy}).
     *
     * @param input the tensor
     * @param other the tensor whose log is taken
     * @return a new tensor
     */
    public static Tensor xlogy(Tensor input, Tensor other) {
        return SpecialOps.checked("xlogy", input).xlogy(other);
    }

    /**
     * {@link #xlogy(Tensor, Tensor)} with a number for {@code other}.
     *
     * @param input the tensor
     * @param other the number whose log is taken
     * @return a new tensor
     */
    public static Tensor xlogy(Tensor input, double other) {
        return SpecialOps.checked("xlogy", input).xlogy(other);
    }

    /**
     * {@link #xlogy(Tensor, Tensor)} with a number for {@code input}.
     *
     * @param input the number
     * @param other the tensor whose log is taken
     * @return a new tensor
     */
    public static Tensor xlogy(double input, Tensor other) {
        return Tensor.xlogy(input, SpecialOps.checked("xlogy", other));
    }

    /**
     * {@code input * log1p(other)}, 0 where input is 0 and other is not NaN ({@code torch.special.xlog1py}).
     *
     * @param input the tensor
     * @param other the tensor whose log1p is taken
     * @return a new tensor
     */
    public static Tensor xlog1py(Tensor input, Tensor other) {
        return SpecialOps.binary(BinaryOp.XLOG1PY, input, other);
    }

    /**
     * {@link #xlog1py(Tensor, Tensor)} with a number for {@code other}.
     *
     * @param input the tensor
     * @param other the number whose log1p is taken
     * @return a new tensor
     */
    public static Tensor xlog1py(Tensor input, double other) {
        return SpecialOps.scalar(BinaryOp.XLOG1PY, input, other, false);
    }

    /**
     * {@link #xlog1py(Tensor, Tensor)} with a number for {@code input}.
     *
     * @param input the number
     * @param other the tensor whose log1p is taken
     * @return a new tensor
     */
    public static Tensor xlog1py(double input, Tensor other) {
        return SpecialOps.scalar(BinaryOp.XLOG1PY, other, input, true);
    }

    // ------------------------------------------------------------------ aliases of Tensor ops

    /**
     * The logistic sigmoid ({@code torch.special.expit}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor expit(Tensor input) {
        return SpecialOps.checked("expit", input).sigmoid();
    }

    /**
     * {@code log(x / (1 - x))} ({@code torch.special.logit} without eps).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor logit(Tensor input) {
        return SpecialOps.checked("logit", input).logit();
    }

    /**
     * {@code log(x / (1 - x))} of x clamped to {@code [eps, 1 - eps]} ({@code torch.special.logit(input, eps)}).
     *
     * @param input the tensor
     * @param eps the clamp bound
     * @return a new tensor
     */
    public static Tensor logit(Tensor input, double eps) {
        return SpecialOps.checked("logit", input).logit(eps);
    }

    /**
     * {@code 2^x} ({@code torch.special.exp2}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor exp2(Tensor input) {
        return SpecialOps.checked("exp2", input).exp2();
    }

    /**
     * {@code e^x - 1} ({@code torch.special.expm1}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor expm1(Tensor input) {
        return SpecialOps.checked("expm1", input).expm1();
    }

    /**
     * {@code log(1 + x)} ({@code torch.special.log1p}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor log1p(Tensor input) {
        return SpecialOps.checked("log1p", input).log1p();
    }

    /**
     * Rounds half to even ({@code torch.special.round}, PyTorch's {@code round(decimals=0)}: grad_fn
     * {@code RoundBackward1}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor round(Tensor input) {
        return SpecialOps.round(input);
    }

    /**
     * The normalized sinc {@code sin(pi x) / (pi x)} ({@code torch.special.sinc}).
     *
     * @param input the tensor
     * @return a new tensor
     */
    public static Tensor sinc(Tensor input) {
        return SpecialOps.checked("sinc", input).sinc();
    }

    /**
     * Softmax along dim ({@code torch.special.softmax}).
     *
     * @param input the tensor
     * @param dim the dimension
     * @return a new tensor
     */
    public static Tensor softmax(Tensor input, int dim) {
        return SpecialOps.checked("softmax", input).softmax(dim);
    }

    /**
     * Softmax along dim of input converted to dtype first ({@code torch.special.softmax(input, dim, dtype)}).
     *
     * @param input the tensor
     * @param dim the dimension
     * @param dtype the dtype to compute in
     * @return a new tensor
     */
    public static Tensor softmax(Tensor input, int dim, DType dtype) {
        return SpecialOps.checked("softmax", input).to(dtype).softmax(dim);
    }

    /**
     * Log-softmax along dim ({@code torch.special.log_softmax}).
     *
     * @param input the tensor
     * @param dim the dimension
     * @return a new tensor
     */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return SpecialOps.checked("log_softmax", input).logSoftmax(dim);
    }

    /**
     * Log-softmax along dim of input converted to dtype first ({@code torch.special.log_softmax(input, dim, dtype)}).
     *
     * @param input the tensor
     * @param dim the dimension
     * @param dtype the dtype to compute in
     * @return a new tensor
     */
    public static Tensor logSoftmax(Tensor input, int dim, DType dtype) {
        return SpecialOps.checked("log_softmax", input).to(dtype).logSoftmax(dim);
    }

    /**
     * {@code log(sum(exp(x)))} over dims ({@code torch.special.logsumexp}).
     *
     * @param input the tensor
     * @param dims the dimensions to reduce
     * @param keepdim whether to keep them as size 1
     * @return a new tensor
     */
    public static Tensor logsumexp(Tensor input, int[] dims, boolean keepdim) {
        return SpecialOps.checked("logsumexp", input).logsumexp(dims, keepdim);
    }
}
