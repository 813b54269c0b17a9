/**
 * JMH benchmarks of grad4j against the workloads of {@code tools/bench/torch_bench.py}: the seed
 * training step, a wide {@code Linear(1024, 1024)} step, single small ops (dispatch overhead) and the
 * wide layer's GEMMs through each available kernel. Run them with {@code bash tools/bench/run.sh}.
 */
package org.grad4j.bench;
