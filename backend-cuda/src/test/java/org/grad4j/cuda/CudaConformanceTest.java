package org.grad4j.cuda;

import org.grad4j.Device;
import org.grad4j.conformance.BackendConformanceSuite;
import org.grad4j.spi.Availability;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared conformance suite on {@code cuda:0}. Without a usable GPU the whole suite (nested classes
 * included) is skipped with the provider's reason.
 */
@ExtendWith(CudaConformanceTest.RequiresCuda.class)
class CudaConformanceTest extends BackendConformanceSuite {
    @Override
    protected Device device() {
        return new Device("cuda", 0);
    }

    /** Disables every container and test of the suite when the CUDA provider is unavailable. */
    static final class RequiresCuda implements ExecutionCondition {
        private static final Availability AVAILABILITY = new CudaBackendProvider().availability();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return AVAILABILITY.available()
                    ? ConditionEvaluationResult.enabled("CUDA available: " + AVAILABILITY.detail())
                    : ConditionEvaluationResult.disabled("CUDA unavailable: " + AVAILABILITY.detail());
        }
    }
}
