package org.grad4j.distributions;


import org.grad4j.Tensor;

/**
 * The Kullback-Leibler divergence KL(p || q), PyTorch 1.13's {@code torch.distributions.kl_divergence}, for the
 * pairs 1.13 registers among this package's distributions, with its formulas (and their operation order).
 */
public final class Kl {
    private Kl() {
    }

    /**
     * KL(p || q) for each batch element.
     *
     * @param p the first distribution
     * @param q the second distribution, batch shape broadcastable with p's
     * @return the divergences; infinite where q has no mass where p has some
     * @throws UnsupportedOperationException for a pair PyTorch 1.13 does not register (its NotImplementedError)
     */
    public static Tensor klDivergence(Distribution p, Distribution q) {
        Distribution.nonNull(p, "klDivergence: p is null");
        Distribution.nonNull(q, "klDivergence: q is null");
        if (p instanceof Normal a && q instanceof Normal b) {
            Tensor varRatio = a.scale().div(b.scale()).pow(2L);
            Tensor t1 = a.loc().sub(b.loc()).div(b.scale()).pow(2L);
            return varRatio.add(t1).sub(1.0).sub(varRatio.log()).mul(0.5);
        }
        if (p instanceof Bernoulli a && q instanceof Bernoulli b) {
            Tensor pp = a.probs();
            Tensor qp = b.probs();
            Tensor t1 = pp.mul(b.logits().neg().softplus().sub(a.logits().neg().softplus()));
            t1 = Tensor.where(pp.eq(0.0), 0.0, Tensor.where(qp.eq(0.0), Double.POSITIVE_INFINITY, t1));
            Tensor t2 = pp.rsub(1.0).mul(b.logits().softplus().sub(a.logits().softplus()));
            t2 = Tensor.where(pp.eq(1.0), 0.0, Tensor.where(qp.eq(1.0), Double.POSITIVE_INFINITY, t2));
            return t1.add(t2);
        }
        if (p instanceof Categorical a && q instanceof Categorical b) {
            Tensor t = a.probs().mul(a.logits().sub(b.logits()));
            int[] shape = t.shape();
            t = Tensor.where(b.probs().eq(0.0).expand(shape), Double.POSITIVE_INFINITY, t);
            t = Tensor.where(a.probs().eq(0.0).expand(shape), 0.0, t);
            return t.sum(-1);
        }
        if (p instanceof Uniform a && q instanceof Uniform b) {
            Tensor result = b.high().sub(b.low()).div(a.high().sub(a.low())).log();
            return Tensor.where(b.low().gt(a.low()).logicalOr(b.high().lt(a.high())), Double.POSITIVE_INFINITY, result);
        }
        if (p instanceof Exponential a && q instanceof Exponential b) {
            Tensor rateRatio = b.rate().div(a.rate());
            return rateRatio.log().neg().add(rateRatio).sub(1.0);
        }
        if (p instanceof Laplace a && q instanceof Laplace b) {
            Tensor scaleRatio = a.scale().div(b.scale());
            Tensor locAbsDiff = a.loc().sub(b.loc()).abs();
            Tensor t1 = scaleRatio.log().neg();
            Tensor t2 = locAbsDiff.div(b.scale());
            Tensor t3 = scaleRatio.mul(locAbsDiff.neg().div(a.scale()).exp());
            return t1.add(t2).add(t3).sub(1.0);
        }
        if (p instanceof Uniform a && q instanceof Normal b) {
            Tensor common = a.high().sub(a.low());
            Tensor t1 = b.scale().mul(Math.sqrt(Math.PI * 2)).div(common).log();
            Tensor t2 = common.pow(2L).div(12.0);
            Tensor t3 = a.high().add(a.low()).sub(b.loc().mul(2.0)).div(2.0).pow(2L);
            return t1.add(t2.add(t3).mul(0.5).div(b.scale().pow(2L)));
        }
        if (p instanceof Uniform a && q instanceof Exponential b) {
            Tensor result = b.rate().mul(a.high().add(a.low())).div(2.0).sub(a.high().sub(a.low()).mul(b.rate()).log());
            return Tensor.where(a.low().lt(0.0), Double.POSITIVE_INFINITY, result);
        }
        if (p instanceof Exponential a && q instanceof Normal b) {
            Tensor varNormal = b.scale().pow(2L);
            Tensor rateSqr = a.rate().pow(2L);
            Tensor t1 = rateSqr.mul(varNormal).mul(2.0).mul(Math.PI).log().mul(0.5);
            Tensor t2 = rateSqr.reciprocal();
            Tensor t3 = b.loc().div(a.rate());
            Tensor t4 = b.loc().pow(2L).mul(0.5);
            return t1.sub(1.0).add(t2.sub(t3).add(t4).div(varNormal));
        }
        if (p instanceof Laplace a && q instanceof Normal b) {
            Tensor varNormal = b.scale().pow(2L);
            Tensor ratio = a.scale().pow(2L).div(varNormal);
            Tensor t1 = ratio.mul(2.0).div(Math.PI).log().mul(0.5);
            Tensor t2 = a.loc().pow(2L).mul(0.5);
            Tensor t3 = a.loc().mul(b.loc());
            Tensor t4 = b.loc().pow(2L).mul(0.5);
            return t1.neg().add(ratio).add(t2.sub(t3).add(t4).div(varNormal)).sub(1.0);
        }
        if (p instanceof Normal a && q instanceof Laplace b) {
            Tensor locDiff = a.loc().sub(b.loc());
            Tensor scaleRatio = a.scale().div(b.scale());
            Tensor ratio = locDiff.div(a.scale());
            Tensor t1 = scaleRatio.log();
            Tensor t2 = a.scale().mul(Math.sqrt(2 / Math.PI)).mul(ratio.pow(2L).mul(-0.5).exp());
            Tensor t3 = locDiff.mul(ratio.mul(Math.sqrt(0.5)).erf());
            return t1.neg().add(t2.add(t3).div(b.scale())).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
        }
        if (p instanceof Exponential a && q instanceof Uniform) {
            return Tensor.fullLike(a.rate().detach(), Double.POSITIVE_INFINITY);
        }
        if (p instanceof Laplace a && (q instanceof Exponential || q instanceof Uniform)) {
            return Tensor.fullLike(a.loc().detach(), Double.POSITIVE_INFINITY);
        }
        if (p instanceof Normal a && (q instanceof Exponential || q instanceof Uniform)) {
            return Tensor.fullLike(a.loc().detach(), Double.POSITIVE_INFINITY);
        }
        throw new UnsupportedOperationException("klDivergence: No KL(p || q) is implemented for p type "
                + p.name() + " and q type " + q.name());
    }
}
