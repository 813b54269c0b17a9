/**
 * The CUDA backend on JCuda and cuBLAS. JCuda's jars are automatic modules; JCuda finds its native
 * libraries inside its natives jars, which works on the class path (the supported set-up for CUDA).
 */
@SuppressWarnings("requires-automatic")
module org.grad4j.cuda {
    requires org.grad4j.core;
    requires jcuda;
    requires jcublas;
    requires static com.google.auto.service;

    provides org.grad4j.spi.BackendProvider with org.grad4j.cuda.CudaBackendProvider;
}
