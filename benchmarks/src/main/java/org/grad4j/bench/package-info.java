/**
 * JMH benchmarks of grad4j against the workloads of {@code tools/bench/torch_bench.py}: the seed
 * training step, a wide {@code Linear(1024, 1024)} step, single small ops (dispatch overhead) and the
 * wide layer's GEMMs through each available kernel; plus two plain harnesses, {@code AllocHarness}
 * (the seed step's time and bytes per phase) and {@code OverheadHarness} (the wide step against its
 * two matrix products, timed in alternating blocks in one JVM). Run them with
 * {@code bash tools/bench/run.sh}.
 */
package org.grad4j.bench;
