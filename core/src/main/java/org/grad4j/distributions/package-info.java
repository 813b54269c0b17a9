/**
 * Probability distributions, PyTorch 1.13's {@code torch.distributions}: {@link org.grad4j.distributions.Normal},
 * {@link org.grad4j.distributions.Bernoulli}, {@link org.grad4j.distributions.Categorical},
 * {@link org.grad4j.distributions.Uniform}, {@link org.grad4j.distributions.Exponential},
 * {@link org.grad4j.distributions.Laplace}, {@link org.grad4j.distributions.OneHotCategorical},
 * {@link org.grad4j.distributions.Independent}, {@link org.grad4j.distributions.LogNormal}, and
 * {@link org.grad4j.distributions.Kl#klDivergence} for the pairs
 * PyTorch registers among them.
 *
 * <p>API decisions. Parameters are tensors, broadcast together as {@code broadcast_all} does (no dtype promotion);
 * each class has a {@code of(double...)} factory making default-dtype 0-d parameters, as PyTorch does for Python
 * numbers. Shapes are {@code int...}, like {@link org.grad4j.Tensor#randn(int...)}; {@code batchShape()} and
 * {@code eventShape()} return {@code int[]}. {@code sample(shape)} draws from the default generator, as PyTorch does;
 * {@code sample(generator, shape)} from the one given; both consume it exactly as 1.13's CPU code does, so the same
 * seed gives PyTorch's values. Arguments are validated as with {@code validate_args=True} (1.13's default): bad
 * parameters and out-of-support values raise {@link IllegalArgumentException} carrying PyTorch's ValueError message
 * after the distribution's name; a constructor taking {@code validateArgs} turns that off. What 1.13 raises
 * {@code NotImplementedError} for (rsample of a discrete distribution, cdf of Bernoulli, ...) throws
 * {@link UnsupportedOperationException}.
 */
package org.grad4j.distributions;
