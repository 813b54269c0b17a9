/** Runnable examples. Backends are bound through the core module's {@code uses} clause. */
module org.grad4j.examples {
    requires org.grad4j.core;

    exports org.grad4j.examples;
}
