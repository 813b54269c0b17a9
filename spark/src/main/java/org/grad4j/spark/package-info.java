/**
 * grad4j on Apache Spark 4: synchronous data-parallel training ({@link org.grad4j.spark.DataParallel}) and batch
 * inference ({@link org.grad4j.spark.Predictor}) of grad4j modules, with Spark in {@code provided} scope.
 *
 * <p>Training keeps the model and optimizer on the driver. Each step it broadcasts the parameters, every
 * partition computes the gradient of its share of the global batch, the driver sums the partitions' gradients
 * in partition order and takes one optimizer step. Same data, partitioning and seed give bit-identical
 * parameters, also when Spark retries a task. With {@code directExchange(true)} all steps run in one barrier
 * job whose tasks exchange parameters and gradients with the driver over TCP instead, with the same result.
 */
package org.grad4j.spark;
