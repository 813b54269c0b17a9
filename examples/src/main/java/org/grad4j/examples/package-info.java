/** Runnable examples; {@link org.grad4j.examples.SeedRun} reproduces the forum thread's run. */
package org.grad4j.examples;
