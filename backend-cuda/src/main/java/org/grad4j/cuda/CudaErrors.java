package org.grad4j.cuda;

import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;

/** Turns CUDA status codes into exceptions that name the call. */
final class CudaErrors {
    private CudaErrors() {
    }

    static void checkDriver(int rc, String what) {
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new IllegalStateException("cuda: " + what + " failed: " + rc + " " + CUresult.stringFor(rc));
        }
    }

    static void checkBlas(int rc, String what) {
        if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException("cuda: " + what + " failed: " + rc + " " + cublasStatus.stringFor(rc));
        }
    }
}
