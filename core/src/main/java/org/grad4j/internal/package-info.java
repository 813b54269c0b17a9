/**
 * Access to core's package-private tensor internals for core's other packages ({@code optim} calling a
 * backend's fused kernels). Not exported by the module and not API: it may change in any release.
 */
package org.grad4j.internal;
