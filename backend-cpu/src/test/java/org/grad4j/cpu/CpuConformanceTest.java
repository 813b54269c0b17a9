package org.grad4j.cpu;

import org.grad4j.Device;
import org.grad4j.conformance.BackendConformanceSuite;

/** The shared conformance suite on the CPU backend. */
class CpuConformanceTest extends BackendConformanceSuite {
    @Override protected Device device() { return Device.CPU; }
}
