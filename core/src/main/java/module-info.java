/**
 * grad4j's core: tensors, autograd, nn, optim and the backend SPI. Backends are found with
 * {@link java.util.ServiceLoader}; on the module path any module that {@code provides}
 * {@link org.grad4j.spi.BackendProvider} is bound automatically.
 */
module org.grad4j.core {
    exports org.grad4j;
    exports org.grad4j.autograd;
    exports org.grad4j.data;
    exports org.grad4j.format;
    exports org.grad4j.io;
    exports org.grad4j.nn;
    exports org.grad4j.optim;
    exports org.grad4j.optim.lrscheduler;
    exports org.grad4j.optim.swa;   // nn5
    exports org.grad4j.spi;
    exports org.grad4j.train;

    uses org.grad4j.spi.BackendProvider;
}
